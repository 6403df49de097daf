// What a tick owes each team at `now`, from its schedule and the outbox. Pure: no clock, no I/O.
import {
  digestAt,
  previousRound,
  promptAt,
  type Round,
  reminderAt,
  roundAt,
  type TeamSchedule,
} from "./calendar.js";
import { type ClaimDecision, claimDecision, type DeliveryRecord } from "./delivery-policy.js";
import { NUDGE_KINDS, type NudgeKind } from "./nudges.js";

export interface ScheduledTeam {
  readonly id: number;
  /** The Slack workspace. */
  readonly teamId: string;
  readonly channelId: string;
  readonly name: string;
  readonly schedule: TeamSchedule;
  readonly createdAt: Date;
  readonly pausedUntil: Date | null;
  /** Nudge kind → end of its snooze (expired ones may be present). */
  readonly snoozedUntil: ReadonlyMap<string, Date>;
}

/** The outbox key of every scheduled message: one message per key, ever. */
export const deliveryKeys = {
  prompt: (mlTeamId: number, period: string) => `prompt:${mlTeamId}:${period}`,
  reminder: (mlTeamId: number, period: string, userId: string) => `reminder:${mlTeamId}:${period}:${userId}`,
  teamDigest: (mlTeamId: number, period: string) => `team_digest:${mlTeamId}:${period}`,
  nudge: (kind: NudgeKind, mlTeamId: number, period: string) => `nudge:${kind}:${mlTeamId}:${period}`,
  orgDigest: (teamId: string, week: string) => `org_digest:${teamId}:${week}`,
};

export type Lookup = (key: string) => DeliveryRecord | undefined;

export interface TeamRounds {
  /** The round containing now: its prompt and reminders. */
  readonly current: Round;
  /** The round that closed last: its snapshot, team digest and nudges. */
  readonly previous: Round;
  /** Only for noticing a digest nobody posted in time. */
  readonly beforePrevious: Round;
}

/** Work the tick cannot do any more because its period is over: recorded as skipped and logged once. */
export interface StaleWork {
  readonly key: string;
  readonly kind: string;
  readonly period: string;
  readonly reason: string;
}

export interface TeamWork {
  readonly team: ScheduledTeam;
  readonly rounds: TeamRounds;
  readonly prompt: ClaimDecision | null;
  /** Reminders of the current round are due; who gets one depends on answers and respondents. */
  readonly remind: boolean;
  /** The previous round has no snapshot yet. */
  readonly close: boolean;
  readonly teamDigest: ClaimDecision | null;
  /** Some nudge of the previous round is still undecided. */
  readonly nudges: boolean;
  readonly stale: StaleWork[];
}

export function teamRounds(schedule: TeamSchedule, now: Date): TeamRounds {
  const current = roundAt(schedule, now);
  const previous = previousRound(schedule, current);
  return { current, previous, beforePrevious: previousRound(schedule, previous) };
}

export function isPaused(team: ScheduledTeam, now: Date): boolean {
  return team.pausedUntil !== null && team.pausedUntil > now;
}

export function isSnoozed(team: ScheduledTeam, kind: NudgeKind, now: Date): boolean {
  const until = team.snoozedUntil.get(kind);
  return until !== undefined && until > now;
}

/**
 * Everything due for one team at `now`; `rounds` is teamRounds(team.schedule, now), and `hasSnapshot` says
 * whether the previous round was closed already.
 */
export function planTeam(
  team: ScheduledTeam,
  rounds: TeamRounds,
  now: Date,
  lookup: Lookup,
  hasSnapshot: boolean,
): TeamWork {
  const { current, previous } = rounds;
  // A team created "after" now (another replica's clock runs ahead) is only due from its creation on.
  if (now < team.createdAt) return nothingDue(team, rounds);
  const paused = isPaused(team, now);
  const existedIn = (round: Round) => team.createdAt < round.end;
  const digestDue = existedIn(previous) && now >= digestAt(team.schedule, previous);
  return {
    team,
    rounds,
    prompt:
      !paused && now >= promptAt(team.schedule, current)
        ? claimDecision(lookup(promptKey(team, current)), now)
        : null,
    remind: !paused && remindersDue(team, current, now, lookup),
    close: !hasSnapshot && existedIn(previous),
    teamDigest: digestDue
      ? claimDecision(lookup(deliveryKeys.teamDigest(team.id, previous.period)), now)
      : null,
    nudges:
      digestDue &&
      !paused &&
      NUDGE_KINDS.some((kind) =>
        claimDecision(lookup(deliveryKeys.nudge(kind, team.id, previous.period)), now),
      ),
    stale: staleWork(team, rounds, lookup),
  };
}

function nothingDue(team: ScheduledTeam, rounds: TeamRounds): TeamWork {
  return {
    team,
    rounds,
    prompt: null,
    remind: false,
    close: false,
    teamDigest: null,
    nudges: false,
    stale: [],
  };
}

function promptKey(team: ScheduledTeam, round: Round): string {
  return deliveryKeys.prompt(team.id, round.period);
}

/**
 * Thursday's reminder goes out only if the round's prompt was posted before it was due; a team set up
 * on Friday has just been asked and is not reminded the same day.
 */
function remindersDue(team: ScheduledTeam, round: Round, now: Date, lookup: Lookup): boolean {
  const due = reminderAt(team.schedule, round);
  if (now < due || due >= round.end) return false;
  const prompt = lookup(promptKey(team, round));
  return prompt?.status === "sent" && prompt.finishedAt !== null && prompt.finishedAt <= due;
}

/** Messages whose period ended without them: never posted late, but recorded so they are logged once. */
function staleWork(
  team: ScheduledTeam,
  { previous, beforePrevious }: TeamRounds,
  lookup: Lookup,
): StaleWork[] {
  const stale: StaleWork[] = [];
  const promptKeyPrevious = promptKey(team, previous);
  if (team.createdAt < previous.end && lookup(promptKeyPrevious) === undefined) {
    const paused = team.pausedUntil !== null && team.pausedUntil >= previous.end;
    stale.push({
      key: promptKeyPrevious,
      kind: "prompt",
      period: previous.period,
      reason: paused ? "the team was paused for the whole round" : "no tick ran while the round was open",
    });
  }
  const digestKey = deliveryKeys.teamDigest(team.id, beforePrevious.period);
  if (team.createdAt < beforePrevious.end && lookup(digestKey) === undefined) {
    stale.push({
      key: digestKey,
      kind: "team_digest",
      period: beforePrevious.period,
      reason: "no tick ran between its digest time and the end of the next round",
    });
  }
  return stale;
}

/**
 * Respondents who should have been reminded in a round that has now closed but never were
 * (the scheduler was down on reminder day). Called once, when the round is closed.
 */
export function staleReminders(
  team: ScheduledTeam,
  round: Round,
  unanswered: readonly string[],
  lookup: Lookup,
): StaleWork[] {
  const due = reminderAt(team.schedule, round);
  const prompt = lookup(promptKey(team, round));
  const wasDue = due < round.end && prompt?.status === "sent" && (prompt.finishedAt ?? round.end) <= due;
  if (!wasDue) return [];
  return unanswered
    .map((userId) => deliveryKeys.reminder(team.id, round.period, userId))
    .filter((key) => lookup(key) === undefined)
    .map((key) => ({ key, kind: "reminder", period: round.period, reason: "no tick ran on reminder day" }));
}
