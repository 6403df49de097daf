import { z } from "zod";
import type { TeamSettings } from "../../db/teams.js";
import { isValidLocalTime, isValidTimeZone } from "../../domain/calendar.js";
import type { Weekday } from "../../domain/zoned-time.js";
import { SETUP_BLOCKS, SETUP_FIELD_ACTION } from "../ids.js";
import { errorsByBlock, type FormResult, parseMetadata } from "./form-errors.js";
import { type SetupMetadata, TEAM_NAME_MAX_LENGTH } from "./setup-modal.js";

export interface SetupSubmission {
  settings: TeamSettings;
  respondents: string[];
}

/** Slack user ids (U… or, on Enterprise Grid, W…). */
export const USER_ID = /^[UW][A-Z0-9]+$/;
/** Channel ids we accept a team for: public (C…) and private (G…) channels. */
export const CHANNEL_ID = /^[CG][A-Z0-9]+$/;

const field = <T extends z.ZodType>(element: T, error: string) =>
  z.object({ [SETUP_FIELD_ACTION]: element }, { error });

const selected = <T extends z.ZodType>(value: T, error: string) =>
  field(z.object({ selected_option: z.object({ value }, { error }) }), error);

const NAME_ERROR = `Please give the team a name of up to ${TEAM_NAME_MAX_LENGTH} characters.`;

const SetupState = z.object({
  [SETUP_BLOCKS.name]: field(
    z.object({
      value: z.string({ error: NAME_ERROR }).trim().min(1, NAME_ERROR).max(TEAM_NAME_MAX_LENGTH, NAME_ERROR),
    }),
    NAME_ERROR,
  ),
  [SETUP_BLOCKS.respondents]: field(
    z.object({
      selected_users: z
        .array(z.string().regex(USER_ID, "Please choose people from your workspace."))
        .min(1, "Please choose at least one person who answers the check-in.")
        .max(100, "Please choose at most 100 people."),
    }),
    "Please choose at least one person who answers the check-in.",
  ),
  [SETUP_BLOCKS.cadence]: selected(
    z.enum(["weekly", "biweekly", "monthly"]),
    "Please choose how often to check in.",
  ),
  [SETUP_BLOCKS.day]: selected(
    z.enum(["1", "2", "3", "4", "5", "6", "7"]).transform((d) => Number(d) as Weekday),
    "Please choose a day of the week.",
  ),
  [SETUP_BLOCKS.time]: field(
    z.object({ selected_time: z.string().refine(isValidLocalTime) }, { error: "Please pick a time." }),
    "Please pick a time.",
  ),
  [SETUP_BLOCKS.timeZone]: field(
    z.object({ value: z.string().trim().pipe(z.string().refine(isValidTimeZone)) }),
    "Please enter a time zone.",
  ),
});

export function parseSetupState(values: unknown): FormResult<SetupSubmission> {
  const parsed = SetupState.safeParse(values);
  if (!parsed.success) return { ok: false, errors: setupErrors(parsed.error.issues, values) };
  const s = parsed.data;
  const v = SETUP_FIELD_ACTION;
  return {
    ok: true,
    value: {
      settings: {
        name: s[SETUP_BLOCKS.name][v].value,
        cadence: s[SETUP_BLOCKS.cadence][v].selected_option.value,
        checkinDay: s[SETUP_BLOCKS.day][v].selected_option.value,
        checkinTime: s[SETUP_BLOCKS.time][v].selected_time,
        timeZone: canonicalTimeZone(s[SETUP_BLOCKS.timeZone][v].value),
      },
      respondents: [...new Set(s[SETUP_BLOCKS.respondents][v].selected_users)],
    },
  };
}

/** The time-zone error names what was typed and gives examples, which zod's generic message cannot. */
function setupErrors(issues: readonly z.core.$ZodIssue[], values: unknown): Record<string, string> {
  const errors = errorsByBlock(issues, SETUP_BLOCKS.name);
  if (errors[SETUP_BLOCKS.timeZone]) {
    const typed = typedTimeZone(values);
    errors[SETUP_BLOCKS.timeZone] = typed
      ? `“${typed.slice(0, 64)}” is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`
      : "Please enter a time zone, such as Europe/Berlin, America/New_York or UTC.";
  }
  return errors;
}

function typedTimeZone(values: unknown): string | undefined {
  const parsed = z
    .object({ [SETUP_BLOCKS.timeZone]: field(z.object({ value: z.string() }), "") })
    .safeParse(values);
  return parsed.success
    ? parsed.data[SETUP_BLOCKS.timeZone][SETUP_FIELD_ACTION].value.trim() || undefined
    : undefined;
}

/** Intl's own spelling of a zone typed in any case ("europe/berlin" → "Europe/Berlin"). */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

const Metadata = z.object({
  channelId: z.string().regex(CHANNEL_ID),
  mlTeamId: z.number().int().positive().nullable(),
});

export function parseSetupMetadata(raw: string): SetupMetadata | null {
  return parseMetadata(Metadata, raw);
}
