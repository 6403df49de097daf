import type { ActionsBlock, SectionBlock } from "@slack/types";
import type { ResultEvidence } from "../../domain/evidence-level.js";
import type { RoundResult } from "../../domain/round-result.js";
import { type CriterionId, criterion, LEVELS, type Level, levelInfo } from "../../domain/rubric.js";
import type { TeamStatus } from "../../services/team-status.js";
import { levelBlockId, nextBlockId, OPEN_CHECKIN_ACTION, STATUS_BLOCKS } from "../ids.js";
import { context, section } from "./blocks.js";
import { evidenceBlocks, strictLine, verdictBlocks, verificationLine } from "./evidence.js";
import { exemptionSummary } from "./exemption-summary.js";
import type { EphemeralMessage } from "./help.js";
import { nameText } from "./mrkdwn.js";
import { exemptionLine, levelTitle, people, pluralOf, roundLabel, strictNote } from "./phrases.js";

const HIERARCHY_NOTE =
  "Levels follow the MLOps hierarchy of needs: a level counts only when every practice of it and of the levels below is in place.";

export function statusMessage(input: TeamStatus): EphemeralMessage {
  const { team, round, result, evidence } = input;
  const name = teamName(team.name);
  if (!round || !result) {
    const verdicts = evidence?.verdicts ?? [];
    return {
      response_type: "ephemeral",
      text: `${name}: no check-in answers yet.`,
      blocks: [
        section(STATUS_BLOCKS.team, `*${name}* · <#${team.channelId}>`),
        section(
          STATUS_BLOCKS.noAnswers,
          `Nobody has answered the check-in yet, so there is no level to show. Answer it now and the team's level appears here.${verdicts.length > 0 ? " Meanwhile, this is what the team's linked systems show; the check-in comes with what they support ticked." : ""}`,
        ),
        ...verdictBlocks(verdicts),
        checkinButton(team.id),
      ],
    };
  }
  const { level, next } = result.evaluation;
  return {
    response_type: "ephemeral",
    text: `${name}: ${levelTitle(level)}${next ? `; next: ${criterion(next).title}` : ""}${exemptionSuffix(result)}${strictSuffix(evidence)}`,
    blocks: [
      section(
        STATUS_BLOCKS.team,
        `*${name}* · <#${team.channelId}>\n${roundLabel(round.period, round.recency)} · ${answered(result.respondents, input.respondentCount)}`,
      ),
      section(levelBlockId(level), levelText(level, result, evidence)),
      section(STATUS_BLOCKS.progress, progressLines(result)),
      next
        ? nextBlock(next, result)
        : section(
            STATUS_BLOCKS.complete,
            ":tada: Every practice in the model is in place. Keep checking in to catch regressions.",
          ),
      ...listBlock(STATUS_BLOCKS.disputed, disputedText(result, evidence)),
      ...listBlock(STATUS_BLOCKS.ahead, aheadText(result)),
      ...(evidence ? evidenceBlocks(evidence, result) : []),
      checkinButton(team.id),
      context(HIERARCHY_NOTE),
    ],
  };
}

/** `/mlops status` in a channel with no team. */
export function noTeamMessage(channelId: string, mentioned: boolean): EphemeralMessage {
  const setUp = mentioned
    ? `Run \`/mlops setup\` in <#${channelId}> to register its team`
    : "Run `/mlops setup` here to register this channel's team";
  return {
    response_type: "ephemeral",
    text: `There is no ML team set up in <#${channelId}> yet. ${setUp}, or \`/mlops teams\` to see the teams of this workspace.`,
  };
}

export function teamName(name: string): string {
  return nameText(name, 80);
}

function answered(count: number, respondents: number): string {
  // More answers than respondents when someone answered and was later removed from the team.
  if (count > respondents) return `${people(count)} answered`;
  return `${pluralOf(count, respondents, "respondent")} answered`;
}

function levelText(level: Level, result: RoundResult, evidence: ResultEvidence | null): string {
  const exempt = exemptionLine(result.notApplicable);
  const strict = evidence && strictLine(evidence);
  return [
    `*${levelTitle(level)}*  ${levelBar(level)}`,
    levelInfo(level).summary,
    ...(exempt ? [`:information_source: ${exempt}`] : []),
    ...(evidence ? [`:mag: ${verificationLine(evidence)}`] : []),
    ...(strict ? [`:scales: ${strict}`] : []),
  ].join("\n");
}

function strictSuffix(evidence: ResultEvidence | null): string {
  return strictNote(evidence?.notCounted.length ?? 0);
}

function exemptionSuffix(result: RoundResult): string {
  const exempt = exemptionSummary(result.notApplicable);
  return exempt ? ` (${exempt})` : "";
}

/** ▰▰▱▱ for level 2 of 4. */
export function levelBar(level: Level): string {
  return "▰".repeat(level) + "▱".repeat(LEVELS.length - 1 - level);
}

/** ✅ only for levels the team has reached; a level above it is never ticked, however complete. */
function progressLines(result: RoundResult): string {
  const reached = result.evaluation.level;
  const lines = result.evaluation.progress.map(({ level, met, total }) => {
    const exempt = [...result.notApplicable.keys()].filter((id) => criterion(id).level === level).length;
    const inPlace = `${met - exempt} of ${total} in place${exempt > 0 ? `, ${exempt} exempted as not applicable` : ""}`;
    if (level <= reached) return `:white_check_mark: ${levelTitle(level)}: ${inPlace}`;
    if (met === total)
      return `:large_yellow_circle: ${levelTitle(level)}: all in place, counts once Level ${reached + 1} is reached`;
    return `${met > 0 ? ":large_yellow_circle:" : ":white_circle:"} ${levelTitle(level)}: ${inPlace}`;
  });
  return `*Progress per level*\n${lines.join("\n")}`;
}

function nextBlock(next: CriterionId, result: RoundResult): SectionBlock {
  const c = criterion(next);
  const missing = result.evaluation.progress.find((p) => p.level === c.level);
  const remaining = missing ? missing.total - missing.met : 1;
  const target = `Level ${c.level} — ${levelInfo(c.level).name}`;
  return section(
    nextBlockId(next),
    [
      `*Next prerequisite:* ${c.title}`,
      `_Why it matters:_ ${c.why}`,
      `${remaining === 1 ? "It is the last practice missing for" : `It is one of the ${remaining} practices still missing for`} *${target}*, which brings: ${levelInfo(c.level).summary}`,
    ].join("\n"),
  );
}

function disputedText(result: RoundResult, evidence: ResultEvidence | null): string | null {
  const byEvidence = evidence?.disputed ?? [];
  if (result.disputed.size === 0 && byEvidence.length === 0) return null;
  const lines = [
    ...[...result.disputed].map(
      (id) => `• ${criterion(id).title} (${supportText(result.support.get(id) ?? 0, result.respondents)})`,
    ),
    ...byEvidence.map(
      (id) => `• ${criterion(id).title} (the team says it is in place; evidence disputes it)`,
    ),
  ];
  const why =
    byEvidence.length === 0
      ? "respondents disagree on these"
      : result.disputed.size === 0
        ? "evidence disagrees with the team's answers on these"
        : "respondents, or evidence and the team's answers, disagree on these";
  return `*Disputed:* ${why}; talk them through before the next check-in.\n${lines.join("\n")}`;
}

/** "1 of 3 says it is in place", "2 of 3 say it is in place": the verb agrees with the part. */
function supportText(yes: number, respondents: number): string {
  return `${yes} of ${respondents} ${yes === 1 ? "says" : "say"} it is in place`;
}

function aheadText(result: RoundResult): string | null {
  // An exemption is not a practice in place: it is named in the level's exemption line instead.
  const ahead = result.evaluation.aheadOfLevel.filter((id) => !result.notApplicable.has(id));
  if (ahead.length === 0) return null;
  const lines = ahead.map((id) => `• ${criterion(id).title} (Level ${criterion(id).level})`);
  return `*Already in place above your level:* these count as soon as everything below them is in place.\n${lines.join("\n")}`;
}

function listBlock(blockId: string, text: string | null): SectionBlock[] {
  return text ? [section(blockId, text)] : [];
}

export function checkinButton(mlTeamId: number): ActionsBlock {
  return {
    type: "actions",
    block_id: STATUS_BLOCKS.actions,
    elements: [
      {
        type: "button",
        action_id: OPEN_CHECKIN_ACTION,
        value: String(mlTeamId),
        style: "primary",
        text: { type: "plain_text", text: "Answer the check-in" },
      },
    ],
  };
}
