import type { TeamSchedule } from "./calendar.js";

/** What a team's setup decides: its name and its check-in schedule. */
export interface TeamSettings extends TeamSchedule {
  readonly name: string;
}
