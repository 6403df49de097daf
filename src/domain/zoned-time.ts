/** ISO weekday: Monday = 1 … Sunday = 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** What a wall clock in some time zone shows at an instant (seconds dropped). */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
  /** "YYYY-MM-DD" */
  date: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Constructing a DateTimeFormat costs far more than using one, and the scheduler asks for thousands of teams.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * IANA Area/Location names as Intl knows them ("Europe/Berlin", case-insensitive), and UTC. Offsets like
 * "+05:00" and abbreviations like "EST" or "CET" are not: they have no (or the wrong) daylight-saving rules.
 */
export function isValidTimeZone(timeZone: string): boolean {
  // Newer engines accept bare offsets, which have no DST rules and are not IANA names.
  if (!/^[A-Za-z]/.test(timeZone)) return false;
  // Intl also knows "EST" (always UTC-5) and "EST5EDT"; someone in New York typing "est" means America/New_York.
  if (!timeZone.includes("/") && timeZone.toUpperCase() !== "UTC") return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A valid zone name as the person (or Slack) gave it, in IANA's spelling: the same name, never an alias of it.
 * "asia/kolkata" → "Asia/Kolkata" (not "Asia/Calcutta", the older name some engines file it under);
 * "europe/berlin" → "Europe/Berlin"; "etc/utc" → "UTC".
 */
export function spelledTimeZone(timeZone: string): string {
  const typed = timeZone.trim();
  const intl = formatterFor(typed).resolvedOptions().timeZone;
  // Intl's name serves when it is the typed one in another case (or UTC by another name, "Etc/UTC").
  if (intl === "UTC" || intl.toLowerCase() === typed.toLowerCase()) return intl;
  // Otherwise Intl renamed it (a link, e.g. to an older name): spell each word as the runtime's own zone names
  // spell it ("argentina", "buenos", "of", "au"), and a word none of them has with a capital, unless typed with one.
  return typed
    .split(/([/_-])/)
    .map(
      (word) =>
        spelledWords().get(word.toLowerCase()) ?? (word === word.toLowerCase() ? capitalised(word) : word),
    )
    .join("");
}

let words: Map<string, string> | undefined;

/** Every word of the zone names Intl lists, by its lower case: "buenos" → "Buenos", "dumontdurville" → "DumontDUrville". */
function spelledWords(): Map<string, string> {
  words ??= new Map(
    Intl.supportedValuesOf("timeZone").flatMap((name) =>
      name.split(/[/_-]/).map((w) => [w.toLowerCase(), w] as const),
    ),
  );
  return words;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "HH:MM" on a 24-hour clock, 00:00 to 23:59. */
export function isValidLocalTime(time: string): boolean {
  return LOCAL_TIME.test(time);
}

/** "YYYY-MM-DD" naming a real calendar day. */
export function isValidLocalDate(date: string): boolean {
  return dateMs(date) !== undefined;
}

/** A local date as milliseconds-as-if-UTC; undefined unless it is "YYYY-MM-DD" naming a real calendar day. */
function dateMs(date: string): number | undefined {
  const match = LOCAL_DATE.exec(date);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = localAsUtc(year, month, day, 0, 0);
  // A day past the month's end (02-30) rolls over into the next month.
  const back = new Date(ms);
  return back.getUTCMonth() + 1 === month && back.getUTCDate() === day ? ms : undefined;
}

/** Milliseconds of a wall-clock reading as if it were UTC; differences between them are calendar arithmetic. */
function localAsUtc(year: number, month: number, day: number, hour: number, minute: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return date.getTime();
}

function formatDate(localMs: number): string {
  const date = new Date(localMs);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

function isoWeekday(localMs: number): Weekday {
  return (((new Date(localMs).getUTCDay() + 6) % 7) + 1) as Weekday;
}

function parseDate(date: string): number {
  const ms = dateMs(date);
  if (ms === undefined) throw new RangeError(`Not a local date "YYYY-MM-DD": ${date}`);
  return ms;
}

function parseTime(time: string): number {
  const match = LOCAL_TIME.exec(time);
  if (match === null) throw new RangeError(`Not a local time "HH:MM": ${time}`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

// Intl's formatToParts is the costliest step of every schedule computation, and a tick asks it the same
// questions for thousands of teams (the same now, the same round boundaries, in a handful of zones): the
// answers are remembered, up to a bound, and forgotten all at once when it is reached. They are kept by
// the minute, since the wall clock shows whole minutes and every offset since 1972 is whole minutes too:
// requests within a minute share one answer instead of each adding a key nobody asks for again.
const WALL_CLOCK_MEMO_LIMIT = 50_000;
const wallClocks = new Map<string, number>();

/** The wall clock in `timeZone` at `instant`, as milliseconds-as-if-UTC (whole minutes). */
function wallClockMs(instant: number, timeZone: string): number {
  const minute = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  const key = `${timeZone} ${minute}`;
  const known = wallClocks.get(key);
  if (known !== undefined) return known;
  if (wallClocks.size >= WALL_CLOCK_MEMO_LIMIT) wallClocks.clear();
  const local = readWallClock(minute, timeZone);
  wallClocks.set(key, local);
  return local;
}

function readWallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return localAsUtc(year, month, day, hour, minute);
}

/** UTC offset of `timeZone` at `instant` in milliseconds (east positive); sub-minute offsets are dropped. */
function offsetAt(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const local = new Date(wallClockMs(instant.getTime(), timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: isoWeekday(local.getTime()),
    date: formatDate(local.getTime()),
  };
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 * In a spring-forward gap the time is read with the offset from before the gap, so it lands as far past
 * the gap as it was into it (Berlin 02:30 → 03:30 CEST). In a fall-back overlap the earlier instant wins.
 * Throws RangeError for a malformed date or time or an unknown time zone.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const key = `${timeZone} ${date} ${time}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= WALL_CLOCK_MEMO_LIMIT) instants.clear();
    instant = readZonedInstant(date, time, timeZone);
    instants.set(key, instant);
  }
  return new Date(instant);
}

// Round boundaries and prompt times are asked for again and again (every status reads its round's): the
// answers are remembered like the wall clocks above.
const instants = new Map<string, number>();

function readZonedInstant(date: string, time: string, timeZone: string): number {
  const local = parseDate(date) + parseTime(time);
  // Offsets a day either side bracket any single transition near this wall-clock time, whatever the offset.
  const offsetBefore = offsetAt(local - DAY_MS, timeZone);
  const offsetAfter = offsetAt(local + DAY_MS, timeZone);
  // Usually both offsets agree and only one reading needs checking.
  const candidates = [...new Set([local - offsetBefore, local - offsetAfter])]
    .filter((instant) => wallClockMs(instant, timeZone) === local)
    .sort((a, b) => a - b);
  return candidates[0] ?? local - offsetBefore;
}

/** Calendar arithmetic on a local date; no time zone involved. */
export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

/** ISO weekday of a local date. */
export function weekdayOf(date: string): Weekday {
  return isoWeekday(parseDate(date));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}
