// Inputs of the scheduler's pure planning steps, built without a database: a scheduled team, what the
// outbox holds, the round's respondents and answers, and closed-round history.
import type { AnswerRow } from "../../src/db/schedule.js";
import { DEFAULT_SCHEDULE, type TeamSchedule } from "../../src/domain/calendar.js";
import type { DeliveryRecord } from "../../src/domain/delivery-policy.js";
import type { ClosedRound } from "../../src/domain/digest.js";
import {
  type Lookup,
  planTeam,
  type ScheduledTeam,
  type TeamWork,
  teamRounds,
} from "../../src/domain/due-work.js";
import type { PlanInput } from "../../src/scheduler/units.js";

export const BERLIN: TeamSchedule = { ...DEFAULT_SCHEDULE, timeZone: "Europe/Berlin" };

/** Team 7 "Platform" of workspace T0 in C7, weekly on Monday 10:00 in Berlin, since 1 Jan 2026. */
export function scheduledTeam(overrides: Partial<ScheduledTeam> = {}): ScheduledTeam {
  return {
    id: 7,
    teamId: "T0",
    channelId: "C7",
    name: "Platform",
    schedule: BERLIN,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    pausedUntil: null,
    snoozedUntil: new Map(),
    ...overrides,
  };
}

/** An outbox holding these rows; what a row does not say, it says as a message sent once at time 0. */
export function outbox(records: (Partial<DeliveryRecord> & { key: string })[]): Lookup {
  const byKey = new Map(
    records.map((r): [string, DeliveryRecord] => [
      r.key,
      {
        status: "sent",
        attempts: 1,
        claimedAt: new Date(0),
        finishedAt: new Date(0),
        error: null,
        channelId: null,
        leaseExpired: false,
        ...r,
      },
    ]),
  );
  return (key) => byKey.get(key);
}

/** What is due for `team` at `at`; `hasSnapshot` says whether its previous round was closed already. */
export function workAt(
  at: string,
  team = scheduledTeam(),
  lookup: Lookup = outbox([]),
  hasSnapshot = true,
): TeamWork {
  const now = new Date(at);
  return planTeam(team, teamRounds(team.schedule, now), now, lookup, hasSnapshot);
}

export interface PlanFixture {
  at: string;
  lookup?: Lookup;
  respondents?: Record<number, string[]>;
  answers?: Omit<AnswerRow, "role" | "met" | "not_applicable">[] | AnswerRow[];
  history?: Record<number, ClosedRound[]>;
}

/** A tick's input to the planners: the instant, the outbox, respondents, answers and history per team. */
export function planInput(fixture: PlanFixture): PlanInput {
  const answers: AnswerRow[] = (fixture.answers ?? []).map((a) => ({
    met: [],
    not_applicable: null,
    role: null,
    ...a,
  }));
  return {
    now: new Date(fixture.at),
    lookup: fixture.lookup ?? outbox([]),
    data: {
      respondents: (mlTeamId) => fixture.respondents?.[mlTeamId] ?? [],
      answers: (mlTeamId, period) => answers.filter((a) => a.ml_team_id === mlTeamId && a.period === period),
    },
    history: (mlTeamId) => fixture.history?.[mlTeamId] ?? [],
  };
}
