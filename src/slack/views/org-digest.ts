import { addDays } from "../../domain/calendar.js";
import type { GroupRollup } from "../../domain/group-rollup.js";
import {
  JUDGED_WITHIN_DAYS,
  type Mover,
  type OrgDigestData,
  type OrgEvidence,
  type Participation,
  type TeamRef,
  type WeekLevels,
} from "../../domain/org-digest.js";
import { type CriterionId, criterion, LEVELS, shortName } from "../../domain/rubric.js";
import { ORG_DIGEST_BLOCKS, orgGroupBlockId } from "../ids.js";
import { context, section } from "./blocks.js";
import { type MessageBlock, roundCategories, seriesChart } from "./chart.js";
import type { ChatMessage } from "./chat-message.js";
import { nameText } from "./mrkdwn.js";
import { levelTitle, plural, pluralOf, shortDate } from "./phrases.js";

// Summaries, not tables: with hundreds of teams each list shows its top entries and a count of the rest.
export const MOVERS_SHOWN = 10;
export const MISSED_SHOWN = 15;
export const DISPUTED_SHOWN = 10;
/** Disputed practices named per team before "+N more". */
const PRACTICES_SHOWN = 3;

export interface OrgDigestInput {
  /** The local Monday it is posted on; it covers the rounds of the week before. */
  week: string;
  data: OrgDigestData;
  /** Teams per level at the start of each recent week, oldest first (the second chart). */
  weeks?: readonly WeekLevels[];
  /** The workspace's groups, by name, each rolled up (one compact section each, at most GROUPS_SHOWN). */
  groups?: readonly { readonly name: string; readonly rollup: GroupRollup }[];
}

/** The workspace's weekly digest across all teams, bounded whatever the number of teams. */
export function orgDigestMessage({ week, data, weeks = [], groups = [] }: OrgDigestInput): ChatMessage {
  // Named by the rounds it covers, the way each team's digest names its round: those of the week before.
  const rounds = `rounds of the week of ${shortDate(addDays(week, -7))}`;
  const blocks: MessageBlock[] = [
    { type: "header", text: { type: "plain_text", text: `MLOps maturity · ${rounds}` } },
    section(ORG_DIGEST_BLOCKS.levels, levelsText(data)),
  ];
  if (data.teams > data.unassessed) blocks.push(levelsChart(data));
  if (weeks.length > 1 && data.teams > data.unassessed) {
    blocks.push(
      weeksChart(weeks, data.strict),
      context(weeksText(weeks, data.strict), ORG_DIGEST_BLOCKS.levelWeeksText),
    );
  }
  if (data.teams > 0) {
    blocks.push(
      section(ORG_DIGEST_BLOCKS.movedUp, moversText(":arrow_up: *Moved up*", data.movedUp)),
      section(ORG_DIGEST_BLOCKS.movedDown, moversText(":arrow_down: *Moved down*", data.movedDown)),
      section(ORG_DIGEST_BLOCKS.missed, missedText(data.missed)),
      section(ORG_DIGEST_BLOCKS.next, nextText(data)),
    );
    if (data.exemptions.length > 0)
      blocks.push(section(ORG_DIGEST_BLOCKS.notApplicable, exemptionsText(data)));
  }
  if (data.evidence) {
    blocks.push(section(ORG_DIGEST_BLOCKS.evidence, evidenceText(data.evidence, assessed(data))));
    if (data.evidence.lowered.length > 0)
      blocks.push(section(ORG_DIGEST_BLOCKS.evidenceStrict, loweredText(data.evidence.lowered)));
  }
  blocks.push(...groupSections(groups));
  blocks.push(context(participationText(data.participation), ORG_DIGEST_BLOCKS.participation));
  const evidence = data.evidence ? `; ${evidenceSummary(data.evidence, assessed(data))}` : "";
  return { text: `MLOps maturity for the ${rounds}: ${plural(data.teams, "team")}${evidence}`, blocks };
}

/** Teams with a level: those whose level evidence can verify. */
function assessed(data: OrgDigestData): number {
  return data.teams - data.unassessed;
}

/** "2 of 5 teams' levels are fully verified by evidence (3 teams link their systems)", then disputed teams. */
function evidenceText(evidence: OrgEvidence, teams: number): string {
  const linked = `${plural(evidence.linked, "team")} ${evidence.linked === 1 ? "links its" : "link their"} systems`;
  const head = `:mag: *Evidence:* ${verifiedCount(evidence, teams)} (${linked}).`;
  if (evidence.disputed.length === 0)
    return `${head}\nNo team says a practice is in place that evidence disputes.`;
  const lines = evidence.disputed.map((t) => `• ${teamLabel(t)} — ${practiceNames(t.practices)}`);
  return `${head}\n*Disputed by evidence* (${evidence.disputed.length}): practices the team says are in place\n${listWithRest(lines, DISPUTED_SHOWN)}`;
}

function verifiedCount(evidence: OrgEvidence, teams: number): string {
  return `${evidence.verified} of ${teams} teams' levels ${evidence.verified === 1 ? "is" : "are"} fully verified by evidence`;
}

function practiceNames(ids: readonly CriterionId[]): string {
  const names = ids.slice(0, PRACTICES_SHOWN).map(shortName);
  const rest = ids.length - names.length;
  return names.join(", ") + (rest > 0 ? ` and ${rest} more` : "");
}

function loweredText(lowered: readonly Mover[]): string {
  const lines = lowered.map((m) => `• ${teamLabel(m)} Level ${m.from} → ${m.to}`);
  const title = `:scales: *Strict evidence policy:* without the practices evidence disputes, ${plural(lowered.length, "team's level is", "teams' levels are")} lower than the answers above say`;
  return `${title}\n${listWithRest(lines, MOVERS_SHOWN)}`;
}

/** The same facts for the notification text: the count and the disputed teams' names. */
function evidenceSummary(evidence: OrgEvidence, teams: number): string {
  const names = evidence.disputed.slice(0, DISPUTED_SHOWN).map((t) => nameText(t.name, 60));
  const rest = evidence.disputed.length - names.length;
  const disputed =
    names.length === 0 ? "" : `; disputed: ${names.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
  const strict =
    evidence.lowered.length > 0
      ? `; under the strict policy ${plural(evidence.lowered.length, "team stands", "teams stand")} lower`
      : "";
  return `${verifiedCount(evidence, teams)}${disputed}${strict}`;
}

const LEVEL_NAMES = LEVELS.map(({ level }) => `Level ${level}`);

/** The same counts as the levels section above it, drawn (a group's roll-up draws its own under its block id). */
export function levelsChart(
  data: OrgDigestData,
  blockId: string = ORG_DIGEST_BLOCKS.levelsChart,
): MessageBlock {
  const unassessed = data.unassessed > 0 ? [data.unassessed] : [];
  return seriesChart({
    blockId,
    title: `Teams per level${strictTitle(data.strict)}`,
    type: "bar",
    categories: [...LEVEL_NAMES, ...(unassessed.length > 0 ? ["No closed round yet"] : [])],
    series: [{ name: "Teams", values: [...data.perLevel, ...unassessed] }],
    yLabel: "Teams",
  });
}

/** Said in each chart's title, since a chart carries no text of its own beside it. */
function strictTitle(strict: boolean): string {
  return strict ? " (strict policy)" : "";
}

function weeksChart(weeks: readonly WeekLevels[], strict: boolean): MessageBlock {
  return seriesChart({
    blockId: ORG_DIGEST_BLOCKS.levelWeeks,
    title: `Teams per level, last ${weeks.length} weeks${strictTitle(strict)}`,
    type: "line",
    categories: roundCategories(weeks.map((w) => w.week)),
    series: LEVEL_NAMES.map((name, level) => ({ name, values: weeks.map((w) => w.perLevel[level] ?? 0) })),
    xLabel: "Week",
    yLabel: "Teams",
  });
}

/** The second chart in words: where the levels stood at its start and where they stand now. */
function weeksText(weeks: readonly WeekLevels[], strict: boolean): string {
  const counts = (w: WeekLevels | undefined) => (w?.perLevel ?? []).join(" / ");
  const [first] = weeks;
  // Only rounds that ended within JUDGED_WITHIN_DAYS are judged by evidence; older ones count as answered.
  const policy = strict
    ? ` Strict evidence policy: rounds that ended in the last ${JUDGED_WITHIN_DAYS} days leave out the practices evidence disputes; earlier rounds count as answered.`
    : "";
  return `Teams at levels 0 / 1 / 2 / 3 / 4: ${counts(first)} in the week of ${shortDate(first?.week ?? "")}, ${counts(weeks.at(-1))} now.${policy}`;
}

export function teamLabel(team: TeamRef): string {
  return `*${nameText(team.name, 60)}* (<#${team.channelId}>)`;
}

export function levelsText(data: OrgDigestData): string {
  if (data.teams === 0)
    return "No ML teams are set up yet. Run `/mlops setup` in a team's channel to add one.";
  const lines = LEVELS.map(({ level }) => `${levelTitle(level)}: *${data.perLevel[level] ?? 0}*`);
  // Counted from closed rounds only: a team answering its first round shows a level in `/mlops teams` already.
  if (data.unassessed > 0) lines.push(`No closed round with answers yet: *${data.unassessed}*`);
  if (data.strict) lines.push(strictLevelsLine(data.evidence?.lowered.length ?? 0));
  return `*Teams per level* (${plural(data.teams, "team")})\n${lines.join("\n")}`;
}

/** The levels above, and the chart beside them, are counted without the practices evidence disputes. */
function strictLevelsLine(lowered: number): string {
  const lower =
    lowered === 0
      ? "no team's level is lower for it"
      : `${plural(lowered, "team's level is", "teams' levels are")} lower for it than the answers say`;
  return `:scales: _Strict evidence policy:_ each level leaves out the practices evidence disputes; ${lower}.`;
}

export function listWithRest(items: readonly string[], shown: number): string {
  const rest = items.length - shown;
  return items.slice(0, shown).join("\n") + (rest > 0 ? `\n…and ${rest} more` : "");
}

/** `none`: what the line says when nobody moved, for the span it covers (a week, or a group's last rounds). */
export function moversText(title: string, movers: readonly Mover[], none = "nobody this week"): string {
  if (movers.length === 0) return `${title}: ${none}.`;
  const lines = movers.map((m) => `• ${teamLabel(m)} ${m.from} → ${m.to}`);
  return `${title} (${movers.length})\n${listWithRest(lines, MOVERS_SHOWN)}`;
}

export function missedText(missed: readonly TeamRef[]): string {
  if (missed.length === 0) return ":white_check_mark: *Missed their check-in:* none.";
  const lines = missed.map((t) => `• ${teamLabel(t)}`);
  return `:hourglass: *Missed their check-in* (${missed.length})\n${listWithRest(lines, MISSED_SHOWN)}`;
}

export function nextText(data: OrgDigestData): string {
  if (data.commonNext.length === 0) return "*Most common next prerequisites:* none yet.";
  const lines = data.commonNext.map(
    ({ criterion: id, teams }) => `• ${criterion(id).title} — ${plural(teams, "team")}`,
  );
  return `*Most common next prerequisites*\n${lines.join("\n")}`;
}

/** Every exemption a level relies on, so none hides in the counts above. */
function exemptionsText(data: OrgDigestData): string {
  const lines = data.exemptions.map(
    ({ criterion: id, teams }) => `• ${shortName(id)} — ${plural(teams, "team")}`,
  );
  return `*Exempted as not applicable* (practices teams say do not apply to them, so their levels do not require them)\n${listWithRest(lines, 10)}`;
}

function participationText(p: Participation): string {
  if (p.teamsAsked === 0) return "Participation: no team had a check-in close this week.";
  const rate = p.expected > 0 ? Math.round((100 * p.answered) / p.expected) : 0;
  return (
    `Participation this week: ${pluralOf(p.answered, p.expected, "respondent")} answered (${rate}%); ` +
    `${pluralOf(p.teamsAnswered, p.teamsAsked, "team")} checked in.`
  );
}

export const GROUPS_SHOWN = 10;

/** One line per group, the first GROUPS_SHOWN by name, then how to see the others. */
function groupSections(groups: NonNullable<OrgDigestInput["groups"]>): MessageBlock[] {
  const blocks: MessageBlock[] = groups
    .slice(0, GROUPS_SHOWN)
    .map(({ name, rollup }, i) => section(orgGroupBlockId(i), groupLine(name, rollup)));
  const more = groups.length - GROUPS_SHOWN;
  if (more > 0) {
    blocks.push(
      context(
        `…and ${more} more: \`/mlops status group &lt;name&gt;\` rolls any group up.`,
        ORG_DIGEST_BLOCKS.groupsMore,
      ),
    );
  }
  return blocks;
}

function groupLine(name: string, rollup: GroupRollup): string {
  const levels = rollup.perLevel.map((n, level) => `L${level} ${n}`).join(" · ");
  const median = rollup.median === null ? "no level yet" : `median ${levelTitle(rollup.median)}`;
  const facts = [
    plural(rollup.teams, "team"),
    levels,
    median,
    `${rollup.movers.length} moved`,
    `${plural(rollup.lostPractice.length, "team")} lost a practice`,
    `${rollup.missed.length} missed their check-in`,
  ];
  return `*Group ${nameText(name, 80)}* · ${facts.join(" · ")}`;
}
