import { addDays, daysBetween, localParts, type Weekday, weekdayOf, zonedInstant } from "./zoned-time.js";

export {
  addDays,
  isValidLocalDate,
  isValidLocalTime,
  isValidTimeZone,
  type LocalParts,
  localParts,
  type Weekday,
  weekdayOf,
  zonedInstant,
} from "./zoned-time.js";

export type Cadence = "weekly" | "biweekly" | "monthly";

export interface TeamSchedule {
  cadence: Cadence;
  checkinDay: Weekday;
  /** "HH:MM", local to `timeZone` */
  checkinTime: string;
  /** IANA name, e.g. "Europe/Berlin" */
  timeZone: string;
}

/** One check-in period of a team: [start, end) between two local midnights. */
export interface Round {
  /** Local date "YYYY-MM-DD" the round starts on: its stable id. */
  period: string;
  start: Date;
  end: Date;
}

export interface OrgDigestWeek {
  /** Local Monday "YYYY-MM-DD" */
  period: string;
  /** That Monday 09:00 local */
  dueAt: Date;
  /** The next Monday 00:00 local */
  end: Date;
}

export const DEFAULT_SCHEDULE: Readonly<Omit<TeamSchedule, "timeZone">> = Object.freeze({
  cadence: "weekly",
  checkinDay: 1,
  checkinTime: "10:00",
});

const MONDAY: Weekday = 1;
const DIGEST_TIME = "09:00";
const REMINDER_DELAY_DAYS = 3;
// A Monday; biweekly periods are counted in 14-day steps from it, backwards and forwards.
const BIWEEKLY_ANCHOR = "2024-01-01";

/** The first local date on or after `date` that falls on `weekday`. */
function onOrAfter(date: string, weekday: Weekday): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

function mondayOfWeek(date: string): string {
  return addDays(date, MONDAY - weekdayOf(date));
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

function firstOfNextMonth(date: string): string {
  return firstOfMonth(addDays(firstOfMonth(date), 31));
}

function periodContaining(cadence: Cadence, date: string): string {
  switch (cadence) {
    case "weekly":
      return mondayOfWeek(date);
    case "biweekly": {
      const intoPeriod = ((daysBetween(BIWEEKLY_ANCHOR, date) % 14) + 14) % 14;
      return addDays(date, -intoPeriod);
    }
    case "monthly":
      return firstOfMonth(date);
    default: {
      const unknown: never = cadence;
      throw new RangeError(`Unknown cadence: ${String(unknown)}`);
    }
  }
}

/** The local date the period after `period` starts on; `period` must be a period start. */
function periodAfter(cadence: Cadence, period: string): string {
  switch (cadence) {
    case "weekly":
      return addDays(period, 7);
    case "biweekly":
      return addDays(period, 14);
    case "monthly":
      return firstOfNextMonth(period);
    default: {
      const unknown: never = cadence;
      throw new RangeError(`Unknown cadence: ${String(unknown)}`);
    }
  }
}

function localMidnight(date: string, timeZone: string): Date {
  return zonedInstant(date, "00:00", timeZone);
}

/** The period of the round containing `now`: roundAt(schedule, now).period, without its start and end. */
export function periodAt(schedule: TeamSchedule, now: Date): string {
  return periodContaining(schedule.cadence, localParts(now, schedule.timeZone).date);
}

/** The round containing `now`: start <= now < end. Throws RangeError for an unknown time zone. */
export function roundAt(schedule: TeamSchedule, now: Date): Round {
  const period = periodAt(schedule, now);
  return {
    period,
    start: localMidnight(period, schedule.timeZone),
    end: localMidnight(periodAfter(schedule.cadence, period), schedule.timeZone),
  };
}

/**
 * The instant the round that started on `period` ended, under `schedule`; when the schedule has changed since
 * and no round of it starts that day, `fallback` (when the round was closed).
 */
export function roundEndOf(schedule: TeamSchedule, period: string, fallback: Date): Date {
  const round = roundAt(schedule, localMidnight(period, schedule.timeZone));
  return round.period === period ? round.end : fallback;
}

// Next and previous go through instants, so a round made under an older schedule still leads to one of this schedule.
export function nextRound(schedule: TeamSchedule, round: Round): Round {
  return roundAt(schedule, round.end);
}

export function previousRound(schedule: TeamSchedule, round: Round): Round {
  return roundAt(schedule, new Date(round.start.getTime() - 1));
}

function promptDate(schedule: TeamSchedule, round: Round): string {
  return onOrAfter(round.period, schedule.checkinDay);
}

/** The first checkinDay at checkinTime (local) on or after the round's first day. */
export function promptAt(schedule: TeamSchedule, round: Round): Date {
  return zonedInstant(promptDate(schedule, round), schedule.checkinTime, schedule.timeZone);
}

/**
 * Three local days after the prompt, same local time. Not clamped: with a late checkinDay it can fall at or
 * after round.end (weekly, Friday prompt → next Monday), and the caller decides to skip it then.
 */
export function reminderAt(schedule: TeamSchedule, round: Round): Date {
  const date = addDays(promptDate(schedule, round), REMINDER_DELAY_DAYS);
  return zonedInstant(date, schedule.checkinTime, schedule.timeZone);
}

/** 09:00 local on the first Monday on or after the closed round's last midnight (weekly: the next round's Monday). */
export function digestAt(schedule: TeamSchedule, closedRound: Round): Date {
  const endDate = localParts(closedRound.end, schedule.timeZone).date;
  return zonedInstant(onOrAfter(endDate, MONDAY), DIGEST_TIME, schedule.timeZone);
}

/** The ISO week (local to `timeZone`) containing `now`, whose org digest is due Monday 09:00. */
export function orgDigestWeek(timeZone: string, now: Date): OrgDigestWeek {
  const period = mondayOfWeek(localParts(now, timeZone).date);
  return {
    period,
    dueAt: zonedInstant(period, DIGEST_TIME, timeZone),
    end: localMidnight(addDays(period, 7), timeZone),
  };
}
