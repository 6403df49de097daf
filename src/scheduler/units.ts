// Turns what is due into messages (units) and decisions not to post (skips): prompts and reminders here,
// digests and nudges in digest-units.ts. Pure apart from its inputs.

import type { DeliveryRef } from "../db/deliveries.js";
import type { GroupMembers } from "../db/groups.js";
import { awayReason } from "../domain/away.js";
import { addDays, localParts, type Round } from "../domain/calendar.js";
import { type ClaimDecision, claimDecision } from "../domain/delivery-policy.js";
import type { ClosedRound } from "../domain/digest.js";
import { deliveryKeys, type Lookup, type ScheduledTeam, type TeamWork } from "../domain/due-work.js";
import type { EvidenceOverTime } from "../services/team-evidence.js";
import { promptMessage } from "../slack/views/prompt.js";
import type { ReminderInput } from "../slack/views/reminder.js";
import { type AwayStatuses, awayKey } from "./away.js";
import type { Unit } from "./deliver.js";
import { sentWith } from "./reminders.js";
import type { RoundData } from "./round-data.js";

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
  /** Respondents whose Slack status says away: no reminder (see away.ts). */
  readonly away?: AwayStatuses;
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
export function promptPlan(work: TeamWork, input: PlanInput): Planned {
  const { team, rounds, prompt } = work;
  if (prompt === null) return { units: [], skips: [] };
  const round = rounds.current;
  const respondents = input.data.respondents(team.id);
  const ref = teamRef(team, "prompt", round.period, deliveryKeys.prompt(team.id, round.period));
  const answered = new Set(input.data.answers(team.id, round.period).map((a) => a.user_id));
  if (prompt.mode === "insert" && respondents.length > 0 && respondents.every((id) => answered.has(id))) {
    return { units: [], skips: [{ ...ref, reason: "everyone it asks has already answered" }] };
  }
  const message = promptMessage({
    mlTeamId: team.id,
    teamName: team.name,
    cadence: team.schedule.cadence,
    period: round.period,
    lastDay: lastDay(round, team.schedule.timeZone),
    timeZone: team.schedule.timeZone,
    respondents,
  });
  const unit: Unit = {
    ...ref,
    channel: team.channelId,
    message,
    claim: prompt,
    order: ORDER.prompt,
  };
  return { units: [unit], skips: [] };
}

/**
 * A reminder due to one respondent for one team. Those due to one person at once go out as one direct
 * message (reminders.ts): `claim` null means this one already rode in the message of `with`.
 */
export interface DueReminder {
  readonly ref: DeliveryRef;
  readonly userId: string;
  readonly input: ReminderInput;
  readonly claim: ClaimDecision | null;
  readonly with?: string;
}

export interface PlannedReminders {
  readonly due: DueReminder[];
  readonly skips: Skip[];
}

/** Each respondent who has not answered the current round, unless their Slack status says away. */
export function reminderUnits(work: TeamWork, input: PlanInput): PlannedReminders {
  const { team, rounds } = work;
  if (!work.remind) return { due: [], skips: [] };
  const round = rounds.current;
  const answered = new Set(input.data.answers(team.id, round.period).map((a) => a.user_id));
  const message: ReminderInput = {
    mlTeamId: team.id,
    teamName: team.name,
    channelId: team.channelId,
    period: round.period,
    lastDay: lastDay(round, team.schedule.timeZone),
    timeZone: team.schedule.timeZone,
  };
  const due: DueReminder[] = [];
  const skips: Skip[] = [];
  for (const userId of input.data.respondents(team.id)) {
    if (answered.has(userId)) continue;
    const key = deliveryKeys.reminder(team.id, round.period, userId);
    const record = input.lookup(key);
    const ref = teamRef(team, "reminder", round.period, key);
    const claim = claimDecision(record, input.now);
    const rode = record?.status === "skipped" ? sentWith(record.error) : undefined;
    if (claim === null) {
      if (rode) due.push({ ref, userId, input: message, claim: null, with: rode });
      continue;
    }
    const away = input.away?.get(awayKey(team.teamId, userId));
    if (away && claim.mode === "insert") skips.push({ ...ref, reason: awayReason(away) });
    else due.push({ ref, userId, input: message, claim });
  }
  return { due, skips };
}

export function teamRef(team: ScheduledTeam, kind: string, period: string, key: string): DeliveryRef {
  return { key, teamId: team.teamId, mlTeamId: team.id, kind, period };
}
