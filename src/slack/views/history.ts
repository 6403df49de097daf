// `/mlops history`: the team's level over its recent rounds as a chart, with the same facts in text.
import type { HistoryEvidence } from "../../domain/evidence-rounds.js";
import type { Estimate, PracticeChange, TeamHistory } from "../../domain/history.js";
import { type CriterionId, criterion } from "../../domain/rubric.js";
import type { HistoryReport } from "../../services/team-history.js";
import { HISTORY_BLOCKS } from "../ids.js";
import { context, section } from "./blocks.js";
import { levelChart, levelTrendText, type MessageBlock } from "./chart.js";
import { SOURCE_NAMES } from "./evidence.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { exemptionLine, levelTitle, plural, shortDate } from "./phrases.js";
import { teamName } from "./status.js";

/** Rounds of practice changes listed before "…and N more". */
export const CHANGES_SHOWN = 10;

export interface HistoryMessage {
  response_type: "ephemeral";
  text: string;
  blocks: MessageBlock[];
}

export function historyMessage({ team, history }: HistoryReport): HistoryMessage {
  const name = teamName(team.name);
  const heading = section(
    HISTORY_BLOCKS.team,
    `:chart_with_upwards_trend: *History of ${name}* · <#${team.channelId}>`,
  );
  if (history.current === null) {
    const none =
      "No closed round has answers yet, so there is no history to show. It starts once a round with answers closes.";
    return {
      response_type: "ephemeral",
      text: `${name}: no history yet.`,
      blocks: [heading, section(HISTORY_BLOCKS.empty, none)],
    };
  }
  const trend = levelTrendText(history.levels.map((p) => p.level));
  const blocks: MessageBlock[] = [
    heading,
    levelChart(
      HISTORY_BLOCKS.levels,
      `Level, last ${plural(history.levels.length, "round")} with answers${history.strict ? " (strict)" : ""}`,
      history.levels,
    ),
    context(
      `${trend}.${strictSentence(history)}${disagreedSentence(history.evidence)}`,
      HISTORY_BLOCKS.trend,
    ),
    section(HISTORY_BLOCKS.standing, standingText(history)),
    section(HISTORY_BLOCKS.changes, changesText(history.changes)),
    ...(history.evidence ? [section(HISTORY_BLOCKS.evidence, evidenceText(history.evidence))] : []),
    context(participationText(history), HISTORY_BLOCKS.participation),
    section(HISTORY_BLOCKS.estimate, estimateText(history.estimate)),
    context("Closed rounds only: the current round joins the history when it closes."),
  ];
  return {
    response_type: "ephemeral",
    text: `History of ${name}: ${trend}; ${standingLine(history)}${strictSentence(history)}${disagreedSentence(history.evidence)}`,
    blocks,
  };
}

/** Under the strict policy the chart and the standing leave out disputed practices: said beside both. */
function strictSentence(history: TeamHistory): string {
  if (history.strict === null) return "";
  const lowered =
    history.strict.lowered === 0
      ? "none of these rounds is lower for it"
      : `${plural(history.strict.lowered, "round is", "rounds are")} lower for it than the answers say`;
  return ` Strict evidence policy: each round's level leaves out the practices evidence disputed at its end; ${lowered}.`;
}

function standingLine(history: TeamHistory): string {
  const { current, highest } = history;
  if (!current || !highest) return "";
  const top =
    highest.level === current.level
      ? "its highest so far"
      : `highest so far: Level ${highest.level} (round of ${shortDate(highest.reached)})`;
  return `at Level ${current.level} since the round of ${shortDate(current.since)}, ${top}.`;
}

function standingText(history: TeamHistory): string {
  const level = history.current?.level ?? 0;
  const exempt = exemptionLine(history.notApplicable);
  return `*${levelTitle(level)}* — ${standingLine(history)}${exempt ? `\n:information_source: ${exempt}` : ""}`;
}

function changesText(changes: readonly PracticeChange[]): string {
  if (changes.length === 0) return "*Practices gained and lost:* none changed in these rounds.";
  const lines = changes.slice(0, CHANGES_SHOWN).map((c) => {
    const parts = [
      ...(c.gained.length > 0 ? [`gained ${titles(c.gained)}`] : []),
      ...(c.lost.length > 0 ? [`lost ${titles(c.lost)}`] : []),
      ...(c.exempted.length > 0 ? [`exempted as not applicable ${titles(c.exempted)}`] : []),
    ];
    return `• ${shortDate(c.period)}: ${parts.join("; ")}`;
  });
  const rest = changes.length - CHANGES_SHOWN;
  const more = rest > 0 ? `\n…and ${plural(rest, "more round")}` : "";
  return `*Practices gained and lost*, newest first\n${lines.join("\n")}${more}`;
}

function titles(ids: readonly CriterionId[]): string {
  return ids.map((id) => `_${criterion(id).title}_`).join(", ");
}

/** Over the chart's rounds, and says so when it lists more of them than the chart has points. */
function participationText(history: TeamHistory): string {
  const rounds = history.participation.map((p) => `${p.answered}/${p.expected}`);
  const without = history.participation.filter((p) => p.answered === 0).length;
  const which = without > 0 ? ` (${plural(rounds.length, "round")}, ${without} without answers)` : "";
  return `Answered per round (of respondents), oldest first${which}: ${rounds.join(" · ")}`;
}

export function estimateText(estimate: Estimate): string {
  switch (estimate.kind) {
    case "top-level":
      return "*Next level:* every practice of Level 4 is in place; there is no level above it.";
    case "not-enough-history":
      return `*Next level:* not enough history for an estimate yet. It needs 4 rounds with answers; there ${estimate.rounds === 1 ? "is 1" : `are ${estimate.rounds}`}.`;
    case "no-recent-gains":
      return `*Next level:* no estimate, because no practice was gained over the last ${plural(estimate.rounds, "round")} with answers.`;
    case "estimate":
      return `*Next level:* at your pace of ${paceText(estimate)}, Level ${estimate.target} needs ${estimate.missing} more: about ${plural(estimate.rounds, "round")}.`;
    default: {
      const unknown: never = estimate;
      throw new RangeError(`Unknown estimate: ${JSON.stringify(unknown)}`);
    }
  }
}

function paceText(estimate: Extract<Estimate, { kind: "estimate" }>): string {
  const { pace } = estimate;
  if ("practicesPerRound" in pace) {
    return pace.practicesPerRound === 1
      ? "about one practice a round"
      : `about ${pace.practicesPerRound} practices a round`;
  }
  return `about one practice every ${pace.roundsPerPractice} rounds`;
}

/** Practice lines of the evidence section before "…and N more" (each carries its facts). */
export const DISAGREEMENTS_SHOWN = 8;

/** Beside the chart: " Evidence and answers disagreed in the rounds of 12 Oct and 5 Oct." (or nothing). */
function disagreedSentence(evidence: HistoryEvidence | null): string {
  if (evidence === null || evidence.disagreed.length === 0) return "";
  const dates = evidence.disagreed.map((r) => shortDate(r.period));
  const list = dates.length === 1 ? dates[0] : `${dates.slice(0, -1).join(", ")} and ${dates.at(-1)}`;
  return ` Evidence and answers disagreed in the ${dates.length === 1 ? "round" : "rounds"} of ${list}.`;
}

function evidenceText(evidence: HistoryEvidence): string {
  const judged = `${plural(evidence.judged, "round")} judged, each by the 28 days of evidence up to its end`;
  if (evidence.disagreed.length === 0) return `:mag: *Evidence and answers* never disagreed: ${judged}.`;
  const lines = evidence.disagreed.flatMap((round) =>
    round.practices.map((p) => {
      const said = p.saidInPlace ? "said in place" : "said not in place";
      const facts = escapeMrkdwn(truncate(p.evidence.facts, 160));
      return `• ${shortDate(round.period)}: _${criterion(p.criterion).title}_ ${said}; ${SOURCE_NAMES[p.evidence.source]} ${p.evidence.verdict} it: ${facts}`;
    }),
  );
  const rest = lines.length - DISAGREEMENTS_SHOWN;
  const more = rest > 0 ? `\n…and ${plural(rest, "more practice")}` : "";
  const head = `:mag: *Evidence and answers disagreed* in ${evidence.disagreed.length} of ${judged}, newest first`;
  return `${head}\n${lines.slice(0, DISAGREEMENTS_SHOWN).join("\n")}${more}`;
}
