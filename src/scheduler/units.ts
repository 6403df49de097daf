// Turns what is due into messages (units) and decisions not to post (skips): prompts and reminders, and the
// snapshot of a round that closes, here; digests and nudges in digest-units.ts. Pure apart from its inputs.
import type { DeliveryRef } from "../db/deliveries.js";
import type { GroupMembers } from "../db/groups.js";
import type { NewSnapshot } from "../db/snapshots.js";
import { isAwayReason } from "../domain/away.js";
import { addDays, localParts, type Round } from "../domain/calendar.js";
import { type ClaimDecision, claimDecision } from "../domain/delivery-policy.js";
import { type ClosedRound, roundFigures } from "../domain/digest.js";
import {
  deliveryKeys,
  type Lookup,
  type ScheduledTeam,
  staleReminders,
  type TeamWork,
} from "../domain/due-work.js";
import type { EvidenceOverTime } from "../services/team-evidence.js";
import { promptMessage } from "../slack/views/prompt.js";
import { type ReminderInput, reminderMessage } from "../slack/views/reminder.js";
import type { Unit } from "./deliver.js";
import type { RoundData } from "./state.js";

/** A message decided against; `stale` ones are work the scheduler missed and are logged as warnings. */
export interface Skip extends DeliveryRef {
  readonly reason: string;
  readonly stale?: boolean;
}

export interface Planned {
  readonly units: Unit[];
  readonly skips: Skip[];
}

export interface PlanInput {
  readonly now: Date;
  readonly lookup: Lookup;
  readonly data: RoundData;
  readonly history: (mlTeamId: number) => readonly ClosedRound[];
  /** The groups of the workspaces whose org digest is due (their sections in it). */
  readonly groups?: readonly GroupMembers[];
  /** Each digested team's evidence (null: it linked nothing); absent, no digest shows evidence. */
  readonly evidence?: (mlTeamId: number) => EvidenceOverTime | null;
}

// Within a channel: the closed round's digest, its nudges, then the new round's prompt.
export const ORDER = { teamDigest: 0, nudge: 1, prompt: 10, orgDigest: 20 } as const;

export function lastDay(round: Round, timeZone: string): string {
  return addDays(localParts(round.end, timeZone).date, -1);
}

/**
 * The round's prompt in the team channel; not posted when everyone it would ask has answered already
 * (a prompt naming people who are done is noise).
 */
export function promptPlan({ team, rounds, prompt }: TeamWork, input: PlanInput): Planned {
  if (prompt === null) return { units: [], skips: [] };
  const { period } = rounds.current;
  const respondents = input.data.respondents(team.id);
  const ref = teamRef(team, "prompt", period, deliveryKeys.prompt(team.id, period));
  const answered = new Set(input.data.answers(team.id, period).map((a) => a.user_id));
  if (prompt.mode === "insert" && respondents.length > 0 && respondents.every((id) => answered.has(id))) {
    return { units: [], skips: [{ ...ref, reason: "everyone it asks has already answered" }] };
  }
  const { cadence, timeZone } = team.schedule;
  const message = promptMessage({
    mlTeamId: team.id,
    teamName: team.name,
    cadence,
    period,
    lastDay: lastDay(rounds.current, timeZone),
    timeZone,
    respondents,
  });
  const unit = { ...ref, channel: team.channelId, message, claim: prompt, order: ORDER.prompt };
  return { units: [unit], skips: [] };
}

/**
 * A reminder due to one respondent for one team. Those due to one person at once go out as one direct
 * message (groupReminders): `claim` null means this one already rode in the message of `with`.
 */
export interface DueReminder {
  readonly ref: DeliveryRef;
  readonly userId: string;
  readonly input: ReminderInput;
  readonly claim: ClaimDecision | null;
  readonly with?: string;
}

/** Each respondent who has not answered the current round (away.ts then leaves out those away). */
export function reminderUnits(work: TeamWork, input: PlanInput): DueReminder[] {
  const { team, rounds } = work;
  if (!work.remind) return [];
  const { period } = rounds.current;
  const answered = new Set(input.data.answers(team.id, period).map((a) => a.user_id));
  const { timeZone } = team.schedule;
  const message: ReminderInput = {
    mlTeamId: team.id,
    teamName: team.name,
    channelId: team.channelId,
    period,
    lastDay: lastDay(rounds.current, timeZone),
    timeZone,
  };
  const due: DueReminder[] = [];
  for (const userId of input.data.respondents(team.id)) {
    if (answered.has(userId)) continue;
    const key = deliveryKeys.reminder(team.id, period, userId);
    const record = input.lookup(key);
    const ref = teamRef(team, "reminder", period, key);
    const claim = claimDecision(record, input.now);
    const rode = record?.status === "skipped" ? sentWith(record.error) : undefined;
    if (claim !== null) due.push({ ref, userId, input: message, claim });
    else if (rode) due.push({ ref, userId, input: message, claim: null, with: rode });
  }
  return due;
}

export function teamRef(team: ScheduledTeam, kind: string, period: string, key: string): DeliveryRef {
  return { key, teamId: team.teamId, mlTeamId: team.id, kind, period };
}

// One direct message per person: the reminders due to one respondent at once, for every team they answer
// for, go out as one message with each team's buttons. The first team's reminder carries it; the others are
// recorded as sent with it, so no tick sends them alone, and a retry of the carrier brings them along.
const SENT_WITH = "sent in one message with ";

/** The carrier's key of a reminder recorded as sent with another; undefined for any other skip. */
export function sentWith(reason: string | null): string | undefined {
  return reason?.startsWith(SENT_WITH) ? reason.slice(SENT_WITH.length) : undefined;
}

/** The reminders of each person as one unit, and the skips that record the others as sent with it. */
export function groupReminders(due: readonly DueReminder[]): Planned {
  const byPerson = new Map<string, DueReminder[]>();
  for (const reminder of due) {
    const person = `${reminder.ref.teamId}/${reminder.userId}`;
    byPerson.set(person, [...(byPerson.get(person) ?? []), reminder]);
  }
  const units: Unit[] = [];
  const skips: Skip[] = [];
  for (const reminders of byPerson.values()) {
    const ordered = [...reminders].sort((a, b) => a.input.mlTeamId - b.input.mlTeamId);
    // Retries carry the teams that rode with them before; new reminders ride with the first new one.
    for (const retry of ordered.filter((r) => r.claim !== null && r.claim.mode !== "insert")) {
      const riders = ordered.filter((r) => r.claim === null && r.with === retry.ref.key);
      units.push(reminderUnit(retry, riders));
    }
    const [carrier, ...riders] = ordered.filter((r) => r.claim?.mode === "insert");
    if (carrier === undefined) continue;
    units.push(reminderUnit(carrier, riders));
    skips.push(...riders.map((r) => ({ ...r.ref, reason: `${SENT_WITH}${carrier.ref.key}` })));
  }
  return { units, skips };
}

function reminderUnit(carrier: DueReminder, riders: readonly DueReminder[]): Unit {
  const claim = carrier.claim ?? { mode: "insert" };
  const message = reminderMessage([carrier.input, ...riders.map((r) => r.input)]);
  return { ...carrier.ref, channel: carrier.userId, message, claim, order: 0 };
}

/** Closing a round: the snapshot that becomes history, and a note of reminders nobody sent in time. */
export function closeRounds(works: readonly TeamWork[], data: RoundData, lookup: Lookup) {
  const snapshots: NewSnapshot[] = [];
  const stale: Skip[] = [];
  for (const { team, rounds, close } of works) {
    if (!close) continue;
    const round = rounds.previous;
    const answers = data.answers(team.id, round.period);
    const respondents = data.respondents(team.id);
    const answered = new Set(answers.map((a) => a.user_id));
    const away = respondents.filter(
      (userId) =>
        !answered.has(userId) &&
        isAwayReason(lookup(deliveryKeys.reminder(team.id, round.period, userId))?.error ?? null),
    ).length;
    snapshots.push({
      mlTeamId: team.id,
      teamId: team.teamId,
      period: round.period,
      prompted: lookup(deliveryKeys.prompt(team.id, round.period))?.status === "sent",
      away,
      ...roundFigures(
        answers.map((a) => ({ userId: a.user_id, met: a.met, notApplicable: a.not_applicable })),
        respondents,
      ),
    });
    const unanswered = respondents.filter((userId) => !answered.has(userId));
    for (const work of staleReminders(team, round, unanswered, lookup)) {
      stale.push({ ...work, teamId: team.teamId, mlTeamId: team.id, stale: true });
    }
  }
  return { snapshots, stale };
}
