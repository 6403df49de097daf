// The workspace's weekly summary across all its teams. Pure; sizes stay bounded in the view, not here.
import { addDays, orgDigestWeek } from "./calendar.js";
import { type ClaimDecision, claimDecision } from "./delivery-policy.js";
import { type ClosedRound, everyoneAway, hasLevel } from "./digest.js";
import { deliveryKeys, type Lookup } from "./due-work.js";
import { type Evaluation, evaluate } from "./evaluate.js";
import type { RoundEvidence } from "./evidence-rounds.js";
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

/** A round's level as its team's evidence policy counts it: under strict, without the practices disputed. */
export function countedLevel(team: OrgTeam, round: Answered): Level {
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

/** `since`: rounds that closed at or after it count as this week's (movers, misses, participation). */
export function orgDigestData(teams: readonly OrgTeam[], since: Date): OrgDigestData {
  const perLevel = LEVELS.map(() => 0);
  const movers: Mover[] = [];
  const missed: TeamRef[] = [];
  const nextCounts = new Map<CriterionId, number>();
  const exemptCounts = new Map<CriterionId, number>();
  const participation = { answered: 0, expected: 0, teamsAnswered: 0, teamsAsked: 0 };
  let unassessed = 0;
  for (const team of teams) {
    const ref = { id: team.id, name: team.name, channelId: team.channelId };
    const latest = team.history.find(hasLevel);
    if (latest === undefined) unassessed++;
    else {
      const level = countedLevel(team, latest);
      perLevel[level] = (perLevel[level] ?? 0) + 1;
      const next = (team.counted?.get(latest.period) ?? evaluate(new Set(latest.met))).next;
      if (next !== null) nextCounts.set(next, (nextCounts.get(next) ?? 0) + 1);
      for (const id of latest.notApplicable.keys()) exemptCounts.set(id, (exemptCounts.get(id) ?? 0) + 1);
    }
    const recent = team.history[0];
    if (recent === undefined || recent.closedAt < since) continue;
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

function orgEvidence(teams: readonly OrgTeam[]): OrgEvidence | null {
  const judged = teams.flatMap((team) => {
    const latest = team.history.find(hasLevel);
    return latest && team.evidence ? [{ team, latest, evidence: team.evidence }] : [];
  });
  if (judged.length === 0) return null;
  const ref = ({ id, name, channelId }: OrgTeam) => ({ id, name, channelId });
  return {
    verified: judged.filter((j) => j.evidence.evidence.verification.levelVerified).length,
    linked: judged.length,
    disputed: judged
      .filter((j) => j.evidence.evidence.disputed.length > 0)
      .map((j) => ({ ...ref(j.team), practices: j.evidence.evidence.disputed }))
      .sort(byName),
    lowered: sortMovers(
      judged.flatMap(({ team, latest, evidence }) => {
        const to = evidence.counted?.level ?? latest.level;
        return to < latest.level ? [{ ...ref(team), from: latest.level, to }] : [];
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

/** A move compares the newest round, if it has answers, with the latest earlier round that had them. */
function moverOf(team: OrgTeam): Mover | null {
  const [recent, ...earlier] = team.history;
  if (recent === undefined || !hasLevel(recent)) return null;
  const before = earlier.find(hasLevel);
  return before === undefined ? null : moveOf(team, before, recent);
}

type Answered = ClosedRound & { readonly level: Level };

/** The team's move from round `before` to round `after`, by counted levels; null when the level held. */
export function moveOf(team: OrgTeam, before: Answered, after: Answered): Mover | null {
  const [from, to] = [countedLevel(team, before), countedLevel(team, after)];
  return from === to ? null : { id: team.id, name: team.name, channelId: team.channelId, from, to };
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
