import type { TeamSchedule } from "../../domain/calendar.js";
import type { RoundRecency } from "../../domain/round-result.js";
import {
  CRITERION_IDS,
  type CriterionId,
  criterion,
  type Level,
  levelInfo,
  shortName,
} from "../../domain/rubric.js";
import { type Weekday, weekdayOf } from "../../domain/zoned-time.js";
import { escapeMrkdwn } from "./mrkdwn.js";

export const WEEKDAYS: Readonly<Record<Weekday, string>> = {
  1: "Monday",
  2: "Tuesday",
  3: "Wednesday",
  4: "Thursday",
  5: "Friday",
  6: "Saturday",
  7: "Sunday",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Mon 23 Nov" for a local date "YYYY-MM-DD". */
export function shortDate(date: string): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? "";
  return `${WEEKDAYS[weekdayOf(date)].slice(0, 3)} ${Number(date.slice(8, 10))} ${month}`;
}

export function roundLabel(period: string, recency: RoundRecency): string {
  switch (recency) {
    case "current":
      return `Round of ${shortDate(period)} (the current round)`;
    case "previous":
      return `Last round, ${shortDate(period)} (nobody has answered the current round yet)`;
    case "older":
      return `Round of ${shortDate(period)} (the latest round with answers)`;
    default: {
      const unknown: never = recency;
      throw new RangeError(`Unknown recency: ${String(unknown)}`);
    }
  }
}

/** "weekly check-ins on Monday at 10:00 (Europe/Berlin)" */
export function scheduleSentence(schedule: TeamSchedule): string {
  const day = WEEKDAYS[schedule.checkinDay];
  const at = `at ${schedule.checkinTime} (${schedule.timeZone})`;
  switch (schedule.cadence) {
    case "weekly":
      return `weekly check-ins on ${day} ${at}`;
    case "biweekly":
      return `check-ins every two weeks on ${day} ${at}`;
    case "monthly":
      return `monthly check-ins on the first ${day} of the month ${at}`;
    default: {
      const unknown: never = schedule.cadence;
      throw new RangeError(`Unknown cadence: ${String(unknown)}`);
    }
  }
}

/** "Level 2 — Automated Training" */
export function levelTitle(level: Level): string {
  return `Level ${level} — ${levelInfo(level).name}`;
}

/** "1 team", "3 teams"; give `many` where adding an s is wrong ("people"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "1 of 1 team", "2 of 5 teams": the noun agrees with the total. */
export function pluralOf(part: number, total: number, one: string, many = `${one}s`): string {
  return `${part} of ${plural(total, one, many)}`;
}

export function people(count: number): string {
  return plural(count, "person", "people");
}

/** " (A/B testing exempted as not applicable)" after a level in a list of teams; empty without exemptions. */
export function exemptionNote(notApplicable: readonly CriterionId[]): string {
  const ids = CRITERION_IDS.filter((id) => notApplicable.includes(id));
  return ids.length > 0 ? ` (${ids.map(shortName).join(", ")} exempted as not applicable)` : "";
}

/**
 * " (strict evidence policy: 1 disputed practice left out)" after a level that leaves out practices evidence
 * disputes; empty when it leaves out none. The same words wherever a level shows.
 */
export function strictNote(leftOut: number): string {
  return leftOut > 0 ? ` (strict evidence policy: ${plural(leftOut, "disputed practice")} left out)` : "";
}

/** Under a list's level counts: how many of the levels leave out disputed practices; empty when none does. */
export function strictLevelsNote(lowered: number): string {
  return lowered > 0
    ? `:scales: Strict evidence policy: ${plural(lowered, "team's level leaves", "teams' levels leave")} out practices evidence disputes.`
    : "";
}

/**
 * `Exempted as not applicable: A/B testing (Level 3), "batch scoring only"`: practices the team says do not
 * apply, named as exemptions (never as done), in rubric order with their reasons sorted, the same in every
 * view. Null without exemptions. Reasons are the respondents' own words: escaped for mrkdwn.
 */
export function exemptionLine(notApplicable: ReadonlyMap<CriterionId, readonly string[]>): string | null {
  if (notApplicable.size === 0) return null;
  const items = CRITERION_IDS.filter((id) => notApplicable.has(id)).map((id) => {
    const reasons = [...(notApplicable.get(id) ?? [])].sort((a, b) => a.localeCompare(b));
    const said = reasons.map((r) => `"${escapeMrkdwn(r)}"`).join(", ");
    return `${shortName(id)} (Level ${criterion(id).level})${said ? `, ${said}` : ""}`;
  });
  return `Exempted as not applicable: ${items.join("; ")}`;
}
