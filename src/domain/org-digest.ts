// The workspace's weekly summary across all its teams. Pure; sizes stay bounded in the view, not here.
import { addDays, orgDigestWeek } from "./calendar.js";
import { type ClaimDecision, claimDecision } from "./delivery-policy.js";
import { type ClosedRound, everyoneAway, hasLevel } from "./digest.js";
import { deliveryKeys, type Lookup } from "./due-work.js";
import { type Evaluation, nextPrerequisite } from "./evaluate.js";
import type { RoundEvidence, RoundPractices } from "./evidence-rounds.js";
import { CRITERION_IDS, type CriterionId, LEVELS, type Level } from "./rubric.js";

export interface OrgTeam {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
  /** Closed rounds, newest first. */
  readonly history: readonly ClosedRound[];
  /** The evidence of its latest round with answers, judged at that round's end; null when not judged. */
  readonly evidence?: RoundEvidence | null;
  /**
   * Under the strict policy, by period: each judged round's evaluation without the practices evidence disputed
   * at its end; absent where the level is the answers' own (shown policy, nothing disputed, or not judged).
   */
  readonly counted?: ReadonlyMap<string, Evaluation>;
}

/** Under the strict policy, by period: each judged round's evaluation without the practices disputed at its end. */
type Counted = Pick<OrgTeam, "counted">;

/** A round's level as its team's evidence policy counts it: under strict, without the practices disputed. */
export function countedLevel(team: Counted, round: LevelRound): Level {
  return team.counted?.get(round.period)?.level ?? round.level;
}

export interface TeamRef {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
}

export interface Mover extends TeamRef {
  readonly from: Level;
  readonly to: Level;
}

export interface Participation {
  /** Respondents who answered, over respondents asked, in rounds that closed this week. */
  readonly answered: number;
  readonly expected: number;
  /** Teams with at least one answer, over teams that were asked. */
  readonly teamsAnswered: number;
  readonly teamsAsked: number;
}

export interface OrgDigestData {
  readonly teams: number;
  /** Teams at each level 0..4, by their latest round with answers (as counted: see `strict`). */
  readonly perLevel: readonly number[];
  /**
   * Whether levels are counted under the strict evidence policy (some team's latest level was judged under
   * it): then every level here leaves out the practices evidence disputes, and the views say so.
   */
  readonly strict: boolean;
  /** Teams that never answered. */
  readonly unassessed: number;
  /** Biggest moves first. */
  readonly movedUp: readonly Mover[];
  readonly movedDown: readonly Mover[];
  readonly missed: readonly TeamRef[];
  /** Most common next prerequisites, most teams first, at most COMMON_NEXT_LIMIT. */
  readonly commonNext: readonly { readonly criterion: CriterionId; readonly teams: number }[];
  /** Each practice some teams' levels count as not applicable, with how many teams: most teams first, all of them. */
  readonly exemptions: readonly { readonly criterion: CriterionId; readonly teams: number }[];
  readonly participation: Participation;
  /** What evidence says of the teams' levels; null when no team with a level linked its systems. */
  readonly evidence: OrgEvidence | null;
}

export interface OrgEvidence {
  /** Teams with a level whose level is fully verified by evidence (verification.levelVerified). */
  readonly verified: number;
  /** Teams with a level that linked their systems. */
  readonly linked: number;
  /** Teams with practices in place that evidence disputes, by name, with those practices in rubric order. */
  readonly disputed: readonly (TeamRef & { readonly practices: readonly CriterionId[] })[];
  /** Under the strict policy: teams whose level, without the disputed practices, is lower than their answers'. */
  readonly lowered: readonly Mover[];
}

export const COMMON_NEXT_LIMIT = 5;

/**
 * The org digest judges each team's level by the evidence of its round (at the round's end, as the team's own
 * digest did) when that round ended at most this long before the digest: a monthly round included. An older
 * level is not judged (not verified, not disputed), so the tick never reads months of signals.
 */
export const JUDGED_WITHIN_DAYS = 35;

/** The earliest round end the org digest due at `dueAt` judges by evidence. */
export function judgedSince(dueAt: Date): Date {
  return new Date(dueAt.getTime() - JUDGED_WITHIN_DAYS * 86_400_000);
}

/**
 * What the org digest's figures read of a team's closed rounds: its newest round, its newest round with
 * answers, and the latest round with answers before the newest. A group's roll-up of hundreds of teams reads
 * just these from the database (db/group-windows.ts) instead of every team's rounds.
 */
export interface RoundWindow {
  /** The newest closed round, answered or not; null before any closed. */
  readonly recent: RecentRound | null;
  /** The newest closed round with answers. */
  readonly latest: AnsweredRound | null;
  /** The latest round with answers before `recent`. */
  readonly before: LevelRound | null;
}

export type RecentRound = Pick<
  ClosedRound,
  "prompted" | "answered" | "expected" | "away" | "level" | "closedAt"
>;

export interface LevelRound {
  /** Its period and close: where the strict policy judges its evidence, and the key of `counted`. */
  readonly period: string;
  readonly closedAt: Date;
  readonly level: Level;
  readonly met: readonly CriterionId[];
  /** Practices the team said do not apply: evidence neither disputes nor verifies them. */
  readonly notApplicable: RoundPractices["notApplicable"];
}

export interface AnsweredRound extends LevelRound {
  /** Practices the team said do not apply (their reasons are not needed here). */
  readonly notApplicable: readonly CriterionId[];
}

/** A team as the org digest's figures read it. */
export interface WindowTeam extends TeamRef, Counted {
  readonly window: RoundWindow;
  readonly evidence?: RoundEvidence | null;
}

/** The window of a history (newest first). */
export function windowOf(history: readonly ClosedRound[]): RoundWindow {
  const [recent, ...earlier] = history;
  const answered = (round: ClosedRound | undefined): AnsweredRound | null =>
    round && hasLevel(round)
      ? {
          period: round.period,
          closedAt: round.closedAt,
          level: round.level,
          met: round.met,
          notApplicable: [...round.notApplicable.keys()],
        }
      : null;
  return {
    recent: recent ?? null,
    latest: answered(history.find(hasLevel)),
    before: earlier.find(hasLevel) ?? null,
  };
}

/** `since`: rounds that closed at or after it count as this week's (movers, misses, participation). */
export function orgDigestData(teams: readonly OrgTeam[], since: Date): OrgDigestData {
  return orgFigures(
    teams.map((team) => ({
      ...teamRef(team),
      window: windowOf(team.history),
      evidence: team.evidence,
      counted: team.counted,
    })),
    since,
  );
}

/** The org digest's figures from each team's window. */
export function orgFigures(teams: readonly WindowTeam[], since: Date): OrgDigestData {
  const perLevel = LEVELS.map(() => 0);
  const movers: Mover[] = [];
  const missed: TeamRef[] = [];
  const nextCounts = new Map<CriterionId, number>();
  const exemptCounts = new Map<CriterionId, number>();
  const participation = { answered: 0, expected: 0, teamsAnswered: 0, teamsAsked: 0 };
  let unassessed = 0;
  for (const team of teams) {
    const ref = teamRef(team);
    const { recent, latest } = team.window;
    if (latest === null) unassessed++;
    else {
      const level = countedLevel(team, latest);
      perLevel[level] = (perLevel[level] ?? 0) + 1;
      const counted = team.counted?.get(latest.period);
      const next = counted ? counted.next : nextPrerequisite(new Set(latest.met));
      if (next !== null) nextCounts.set(next, (nextCounts.get(next) ?? 0) + 1);
      for (const id of latest.notApplicable) exemptCounts.set(id, (exemptCounts.get(id) ?? 0) + 1);
    }
    if (recent === null || recent.closedAt < since) continue;
    const mover = moverOf(team);
    if (mover) movers.push(mover);
    // A round everyone was away for (by their Slack status) was asked of nobody: not missed, not counted.
    // One with answers was asked, prompt or not (answers given early, or imported): it counts, so the
    // participation line never says nobody checked in beside a team that moved.
    if ((recent.prompted || recent.answered > 0) && !everyoneAway(recent)) {
      const asked = Math.max(recent.answered, recent.expected - recent.away);
      participation.teamsAsked++;
      participation.expected += asked;
      participation.answered += Math.min(recent.answered, asked);
      if (recent.answered > 0) participation.teamsAnswered++;
      else missed.push(ref);
    }
  }
  return {
    teams: teams.length,
    perLevel,
    strict: teams.some((t) => t.evidence?.evidence.policy === "strict"),
    unassessed,
    movedUp: sortMovers(movers.filter((m) => m.to > m.from)),
    movedDown: sortMovers(movers.filter((m) => m.to < m.from)),
    missed: [...missed].sort(byName),
    commonNext: byTeams(nextCounts).slice(0, COMMON_NEXT_LIMIT),
    exemptions: byTeams(exemptCounts),
    participation,
    evidence: orgEvidence(teams),
  };
}

const teamRef = ({ id, name, channelId }: TeamRef): TeamRef => ({ id, name, channelId });

function orgEvidence(teams: readonly WindowTeam[]): OrgEvidence | null {
  const judged = teams.flatMap((team) => {
    const latest = team.window.latest;
    return latest && team.evidence ? [{ team, latest, evidence: team.evidence }] : [];
  });
  if (judged.length === 0) return null;
  return {
    verified: judged.filter((j) => j.evidence.evidence.verification.levelVerified).length,
    linked: judged.length,
    disputed: judged
      .filter((j) => j.evidence.evidence.disputed.length > 0)
      .map((j) => ({ ...teamRef(j.team), practices: j.evidence.evidence.disputed }))
      .sort(byName),
    lowered: sortMovers(
      judged.flatMap(({ team, latest, evidence }) => {
        const to = evidence.counted?.level ?? latest.level;
        return to < latest.level ? [{ ...teamRef(team), from: latest.level, to }] : [];
      }),
    ),
  };
}

/** Criterion counts, most teams first, then in rubric order. */
function byTeams(counts: ReadonlyMap<CriterionId, number>): { criterion: CriterionId; teams: number }[] {
  return [...counts]
    .map(([criterion, count]) => ({ criterion, teams: count }))
    .sort(
      (a, b) => b.teams - a.teams || CRITERION_IDS.indexOf(a.criterion) - CRITERION_IDS.indexOf(b.criterion),
    );
}

/** A move compares the newest round, if it has answers (then it is the window's latest), with the one before. */
function moverOf(team: WindowTeam): Mover | null {
  const { recent, latest, before } = team.window;
  if (recent?.level == null || latest === null || before === null) return null;
  return moveOf(team, before, latest);
}

/** The team's move from round `before` to round `after`, by counted levels; null when the level held. */
export function moveOf(team: TeamRef & Counted, before: LevelRound, after: LevelRound): Mover | null {
  const [from, to] = [countedLevel(team, before), countedLevel(team, after)];
  return from === to ? null : { ...teamRef(team), from, to };
}

function sortMovers(movers: Mover[]): Mover[] {
  return movers.sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || byName(a, b));
}

function byName(a: TeamRef, b: TeamRef): number {
  return a.name.localeCompare(b.name) || a.id - b.id;
}

export interface DigestWorkspace {
  /** The workspace posted to (and, for a workspace's own digest, the one whose teams it covers). */
  readonly teamId: string;
  readonly channelId: string;
  readonly timeZone: string;
  /**
   * An org-level digest (`/mlops digest org`, an org-wide Enterprise Grid install): its organisation, and the
   * workspaces whose teams it covers.
   */
  readonly organisation?: { readonly enterpriseId: string; readonly memberTeamIds: readonly string[] };
}

/** Whose digest it is: the organisation's for an org-level one, the workspace's otherwise (its outbox key). */
export function digestOwner(workspace: DigestWorkspace): string {
  return workspace.organisation?.enterpriseId ?? workspace.teamId;
}

/** Whether a team of workspace `teamId` is in the digest. */
export function coversWorkspace(workspace: DigestWorkspace, teamId: string): boolean {
  return workspace.organisation
    ? workspace.organisation.memberTeamIds.includes(teamId)
    : workspace.teamId === teamId;
}

export interface OrgDigestWork {
  readonly workspace: DigestWorkspace;
  readonly week: string;
  /** Monday 09:00 in the workspace's digest time zone. */
  readonly dueAt: Date;
  readonly key: string;
  readonly claim: ClaimDecision;
}

/** The workspace's weekly org digest, when it is due now and not yet posted (or worth retrying). */
export function planOrgDigest(workspace: DigestWorkspace, now: Date, lookup: Lookup): OrgDigestWork | null {
  const week = orgDigestWeek(workspace.timeZone, now);
  if (now < week.dueAt) return null;
  const key = deliveryKeys.orgDigest(digestOwner(workspace), week.period);
  const claim = claimDecision(lookup(key), now);
  return claim ? { workspace, week: week.period, dueAt: week.dueAt, key, claim } : null;
}

/** Weeks the org digest's level chart looks back over, this one included. */
export const LEVEL_WEEKS = 12;

export interface WeekLevels {
  /** The week's Monday. */
  readonly week: string;
  /** Teams at each level 0..4 by their latest round with answers that started before that Monday. */
  readonly perLevel: readonly number[];
}

/** Teams per level at the start of each of the last LEVEL_WEEKS weeks up to `week` (a Monday), oldest first. */
export function levelsOverWeeks(teams: readonly OrgTeam[], week: string): WeekLevels[] {
  const weeks = Array.from({ length: LEVEL_WEEKS }, (_, i) => addDays(week, -7 * (LEVEL_WEEKS - 1 - i)));
  return weeks.map((monday) => {
    const perLevel = LEVELS.map(() => 0);
    for (const team of teams) {
      const latest = team.history.filter(hasLevel).find((r) => r.period < monday);
      if (latest) {
        const level = countedLevel(team, latest);
        perLevel[level] = (perLevel[level] ?? 0) + 1;
      }
    }
    return { week: monday, perLevel };
  });
}

/** Teams whose latest level differs from the one they had before `since` (a local date), biggest moves first. */
export function movesSince(teams: readonly OrgTeam[], since: string): Mover[] {
  const movers = teams.flatMap((team) => {
    const answered = team.history.filter(hasLevel);
    const latest = answered[0];
    const before = answered.find((r) => r.period < since);
    const move = latest && before ? moveOf(team, before, latest) : null;
    return move ? [move] : [];
  });
  return sortMovers(movers);
}
