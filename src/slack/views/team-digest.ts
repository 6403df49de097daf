import {
  everyoneAway,
  type LevelChange,
  type RoleCount,
  type TeamDigestData,
  type TrendPoint,
} from "../../domain/digest.js";
import { ROLE_LABELS } from "../../domain/roles.js";
import { type CriterionId, criterion, type Level } from "../../domain/rubric.js";
import { DIGEST_BLOCKS, levelBlockId, lostPracticeBlockId } from "../ids.js";
import { context, section } from "./blocks.js";
import { levelChart, levelTrendText, type MessageBlock } from "./chart.js";
import type { ChatMessage } from "./chat-message.js";
import { digestEvidenceText, evidenceSummary, strictLine } from "./evidence.js";
import { nameText } from "./mrkdwn.js";
import { exemptionLine, levelTitle, shortDate } from "./phrases.js";

export interface TeamDigestInput {
  teamName: string;
  data: TeamDigestData;
}

/** The weekly digest in the team channel for the round that just closed. */
export function teamDigestMessage({ teamName, data }: TeamDigestInput): ChatMessage {
  const name = nameText(teamName, 100);
  const blocks: MessageBlock[] = [
    section(DIGEST_BLOCKS.title, `:bar_chart: *MLOps digest · ${name}*`),
    levelSection(data),
    section(DIGEST_BLOCKS.answered, answeredText(data)),
  ];
  if (data.level !== null) blocks.push(section(DIGEST_BLOCKS.next, nextText(data.next)));
  if (data.disputed.length > 0) blocks.push(section(DIGEST_BLOCKS.disputed, disputedText(data.disputed)));
  if (data.evidence) blocks.push(section(DIGEST_BLOCKS.evidence, digestEvidenceText(data.evidence)));
  blocks.push(...lostPracticeBlocks(data.lost));
  const trend = trendLine(data.trend);
  const answered = answeredPoints(data.trend);
  if (answered.length > 0) {
    blocks.push(
      levelChart(DIGEST_BLOCKS.trendChart, trendTitle(data.trend.length, answered.length), answered),
    );
  }
  blocks.push(context(trend, DIGEST_BLOCKS.trend));
  const headline = data.level === null ? "no answers this round" : levelTitle(data.level);
  const evidence = data.evidence ? ` ${evidenceSummary(data.evidence)}` : "";
  return { text: `MLOps digest for ${name}: ${headline}. ${trend}${evidence}`, blocks };
}

/**
 * "Level over the last 12 rounds"; a first digest has one round only. A round without answers has no point
 * (a chart cannot leave a gap), so the title says how many of the rounds the points are.
 */
function trendTitle(rounds: number, points: number): string {
  if (rounds === 1) return "Level this round";
  if (points === rounds) return `Level over the last ${rounds} rounds`;
  return `Level in ${points} of the last ${rounds} rounds (with answers)`;
}

function answeredPoints(trend: readonly TrendPoint[]): { period: string; level: Level }[] {
  return trend.flatMap((p) => (p.level === null ? [] : [{ period: p.period, level: p.level }]));
}

/** What the chart shows, in words, with the rounds it leaves out for want of answers. */
function trendLine(trend: readonly TrendPoint[]): string {
  const levels = answeredPoints(trend).map((p) => p.level);
  const skipped = trend.length - levels.length;
  const without = skipped === 0 ? "" : ` (${skipped} of the last ${trend.length} without answers)`;
  return `Trend: ${levelTrendText(levels)}${without}.`;
}

function levelSection(data: TeamDigestData): MessageBlock {
  const round = `round of ${shortDate(data.period)}`;
  if (data.level !== null) {
    const exempt = exemptionLine(data.notApplicable);
    const strict = data.evidence && strictLine(data.evidence);
    return section(
      levelBlockId(data.level),
      [
        `*${levelTitle(data.level)}* · ${round}`,
        changeText(data.level, data.previous),
        ...(exempt ? [`:information_source: ${exempt}`] : []),
        ...(strict ? [`:scales: ${strict}`] : []),
      ].join("\n"),
    );
  }
  const blockId = data.previous ? levelBlockId(data.previous.from) : DIGEST_BLOCKS.noLevel;
  const nobody = everyoneAway(data)
    ? `*Everyone was away in the ${round}* (by their Slack status), so it does not count as a missed check-in.`
    : `*Nobody answered the ${round}.*`;
  const stays = data.previous
    ? `The level stays at *${levelTitle(data.previous.from)}* from the round of ${shortDate(data.previous.fromPeriod)}.`
    : "The team has no level yet: it appears after the first round with answers.";
  return section(blockId, `${nobody}\n${stays}`);
}

function changeText(level: Level, previous: LevelChange | null): string {
  if (previous === null) return ":new: The team's first round with answers.";
  const since = `since the round of ${shortDate(previous.fromPeriod)}`;
  if (level > previous.from) return `:arrow_up: Up from level ${previous.from} ${since}.`;
  if (level < previous.from) return `:arrow_down: Down from level ${previous.from} ${since}.`;
  return `:left_right_arrow: Unchanged ${since}.`;
}

function answeredText(data: TeamDigestData): string {
  const count = `*Answered:* ${data.answered} of ${data.expected} ${data.expected === 1 ? "respondent" : "respondents"}`;
  const who = data.roles.length > 0 ? `${count} — ${rolesText(data.roles)}` : count;
  return data.away > 0 ? `${who} · :palm_tree: ${data.away} away (Slack status), not reminded` : who;
}

function rolesText(roles: readonly RoleCount[]): string {
  return roles
    .map(
      // The label the check-in modal offers, as it is written there ("ML engineer").
      ({ role, count }) => `${count} × ${role === null ? "role not given" : ROLE_LABELS[role]}`,
    )
    .join(", ");
}

function nextText(next: CriterionId | null): string {
  if (next === null) return "*Every practice of level 4 is in place.* Keep it that way.";
  const c = criterion(next);
  return `*Next prerequisite* (level ${c.level}): ${c.title}\n_${c.why}_`;
}

function disputedText(disputed: readonly CriterionId[]): string {
  const shown = disputed.slice(0, 10).map((id) => `• ${criterion(id).title}`);
  const more = disputed.length > shown.length ? `\n…and ${disputed.length - shown.length} more` : "";
  return `*Disputed:* the team is split on these; worth a quick chat.\n${shown.join("\n")}${more}`;
}

/** Each practice the round lost, in a block of its own (`regression:<criterion id>`), whatever the level did. */
function lostPracticeBlocks(lost: TeamDigestData["lost"]): MessageBlock[] {
  return lost.slice(0, LOST_SHOWN).map(({ criterion: id, dropped, respondents }) => {
    const who =
      respondents === 0
        ? ""
        : ` ${dropped === 1 ? "1 respondent" : `${dropped} respondents`} of ${respondents} no longer said it is in place.`;
    return section(
      lostPracticeBlockId(id),
      `:warning: *Practice lost:* ${criterion(id).title} counted last round and no longer does.${who}`,
    );
  });
}

// A round can lose a whole level's practices; the blocks stay far below Slack's 50.
const LOST_SHOWN = 12;
