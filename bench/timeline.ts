import { addDays, localParts, roundAt, weekdayOf, zonedInstant } from "../src/domain/calendar.js";

/** The zones the seeded teams are spread over; a Wednesday noon in UTC is a Wednesday in all of them. */
export const BENCH_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"] as const;

/** The zone whose Monday 09:00 comes last among BENCH_ZONES: the tick runs just after it. */
const LAST_ZONE = "America/New_York";

export interface BenchTimeline {
  /** The instant the seeded organisation is "now" at: Wednesday 12:00 UTC of the current week. */
  asOf: Date;
  /** Local Monday "YYYY-MM-DD" of the round containing asOf, the same date in every zone. */
  currentPeriod: string;
  /** Every seeded weekly period, oldest first; the last one is currentPeriod. */
  periods: string[];
  /**
   * Monday 09:30 in New York after the current round: 09:00 digests are due and current in every zone
   * (UTC 14:30, Berlin 15:30, Kolkata 20:00), so one tick covers all teams.
   */
  tickAt: Date;
}

/** Weekly rounds ending with the week of `now`, anchored mid-week so every zone agrees on the dates. */
export function benchTimeline(now: Date, rounds: number): BenchTimeline {
  const today = localParts(now, "UTC").date;
  const monday = addDays(today, 1 - weekdayOf(today));
  const asOf = zonedInstant(addDays(monday, 2), "12:00", "UTC");
  for (const timeZone of BENCH_ZONES) {
    const period = roundAt({ cadence: "weekly", checkinDay: 1, checkinTime: "10:00", timeZone }, asOf).period;
    if (period !== monday) throw new Error(`${timeZone} disagrees on the current round: ${period}`);
  }
  const periods = Array.from({ length: rounds }, (_, k) => addDays(monday, -7 * (rounds - 1 - k)));
  return {
    asOf,
    currentPeriod: monday,
    periods,
    tickAt: zonedInstant(addDays(monday, 7), "09:30", LAST_ZONE),
  };
}
