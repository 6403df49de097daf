// Turns what is due into messages (units) and decisions not to post (skips): prompts and reminders here,
// digests and nudges in digest-units.ts. Pure apart from its inputs.

import type { DeliveryRef } from "../db/deliveries.js";
import type { GroupMembers } from "../db/groups.js";
import { awayReason } from "../domain/away.js";
import { addDays, localParts, type Round } from "../domain/calendar.js";
import { claimDecision } from "../domain/delivery-policy.js";
import type { ClosedRound } from "../domain/digest.js";
import { deliveryKeys, type Lookup, type ScheduledTeam, type TeamWork } from "../domain/due-work.js";
import { promptMessage } from "../slack/views/prompt.js";
import { reminderMessage } from "../slack/views/reminder.js";
import { type AwayStatuses, awayKey } from "./away.js";
import type { Unit } from "./deliver.js";
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
}

// Within a channel: the closed round's digest, its nudges, then the new round's prompt.
export const ORDER = { teamDigest: 0, nudge: 1, prompt: 10, orgDigest: 20 } as const;

export function lastDay(round: Round, timeZone: string): string {
  return addDays(localParts(round.end, timeZone).date, -1);
}

export function promptUnit(work: TeamWork, input: PlanInput): Unit[] {
  const { team, rounds, prompt } = work;
  if (prompt === null) return [];
  const round = rounds.current;
  const message = promptMessage({
    mlTeamId: team.id,
    teamName: team.name,
    cadence: team.schedule.cadence,
    period: round.period,
    lastDay: lastDay(round, team.schedule.timeZone),
    timeZone: team.schedule.timeZone,
    respondents: input.data.respondents(team.id),
  });
  const ref = teamRef(team, "prompt", round.period, deliveryKeys.prompt(team.id, round.period));
  return [{ ...ref, group: "prompt", channel: team.channelId, message, claim: prompt, order: ORDER.prompt }];
}

/** One direct message per respondent who has not answered the current round, unless their Slack status says away. */
export function reminderUnits(work: TeamWork, input: PlanInput): Planned {
  const { team, rounds } = work;
  if (!work.remind) return { units: [], skips: [] };
  const round = rounds.current;
  const answered = new Set(input.data.answers(team.id, round.period).map((a) => a.user_id));
  const message = reminderMessage({
    mlTeamId: team.id,
    teamName: team.name,
    channelId: team.channelId,
    period: round.period,
    lastDay: lastDay(round, team.schedule.timeZone),
    timeZone: team.schedule.timeZone,
  });
  const units: Unit[] = [];
  const skips: Skip[] = [];
  for (const userId of input.data.respondents(team.id)) {
    if (answered.has(userId)) continue;
    const key = deliveryKeys.reminder(team.id, round.period, userId);
    const claim = claimDecision(input.lookup(key), input.now);
    if (claim === null) continue;
    const ref = teamRef(team, "reminder", round.period, key);
    const away = input.away?.get(awayKey(team.teamId, userId));
    if (away && claim.mode === "insert") skips.push({ ...ref, reason: awayReason(away) });
    else units.push({ ...ref, group: "reminder", channel: userId, message, claim, order: 0 });
  }
  return { units, skips };
}

export function teamRef(team: ScheduledTeam, kind: string, period: string, key: string): DeliveryRef {
  return { key, teamId: team.teamId, mlTeamId: team.id, kind, period };
}
