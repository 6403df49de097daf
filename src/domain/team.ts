import type { TeamSchedule } from "./calendar.js";
import { cleanDisplayName } from "./display-name.js";

/** What a team's setup decides: its name and its check-in schedule. */
export interface TeamSettings extends TeamSchedule {
  readonly name: string;
}

/**
 * True when saving `submitted` over `stored` would change nothing. A name is compared as it may be shown: one
 * stored before names were cleaned comes back from the form without its invisible characters, and that is no
 * rename (issue 22).
 */
export function settingsUnchanged(stored: TeamSettings, submitted: TeamSettings): boolean {
  return (
    cleanDisplayName(stored.name).trim() === submitted.name &&
    stored.cadence === submitted.cadence &&
    stored.checkinDay === submitted.checkinDay &&
    stored.checkinTime === submitted.checkinTime &&
    stored.timeZone === submitted.timeZone
  );
}
