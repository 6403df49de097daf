import { z } from "zod";
import { isValidLocalTime, isValidTimeZone } from "../../domain/calendar.js";
import { cleanDisplayName } from "../../domain/display-name.js";
import type { Weekday } from "../../domain/zoned-time.js";
import { spelledTimeZone } from "../../domain/zoned-time.js";
import { type SetupSubmission, TEAM_NAME_MAX_LENGTH } from "../../services/team-setup.js";
import { SETUP_BLOCKS, SETUP_FIELD_ACTION } from "../ids.js";
import { errorsByBlock, type FormResult, parseMetadata } from "./form-errors.js";
import { CHANNEL_ID, USER_ID } from "./id-formats.js";
import { metadataSeal } from "./sealed-metadata.js";

const field = <T extends z.ZodType>(element: T) => z.object({ [SETUP_FIELD_ACTION]: element });

const selected = <T extends z.ZodType>(value: T) => field(z.object({ selected_option: z.object({ value }) }));

const NAME_ERROR = `Please give the team a name of up to ${TEAM_NAME_MAX_LENGTH} characters.`;
const RESPONDENTS_ERROR = "Please choose at least one person who answers the check-in.";
const TIME_ERROR = "Choose a check-in time such as 10:00.";
const OUT_OF_DATE = "This setup form is out of date. Close it and run /mlops setup again.";
const TIME_ZONE_EXAMPLES = "America/New_York, Europe/Berlin or Asia/Kolkata";

/** What each field says when its value is wrong in a way no schema below words more precisely. */
const FIELD_HELP = new Map<string, string>([
  [SETUP_BLOCKS.name, NAME_ERROR],
  [SETUP_BLOCKS.respondents, RESPONDENTS_ERROR],
  [SETUP_BLOCKS.cadence, "Pick how often to check in from the options shown."],
  [SETUP_BLOCKS.day, "Pick a day of the week from the options shown."],
  [SETUP_BLOCKS.time, TIME_ERROR],
  // Replaced by timeZoneError, which names what was typed.
  [SETUP_BLOCKS.timeZone, `Enter a time zone such as ${TIME_ZONE_EXAMPLES}, or UTC.`],
]);

// zod's own wording ("Invalid option: expected one of …") must never reach a person.
const inPlainWords: z.core.$ZodErrorMap = (issue) => FIELD_HELP.get(String(issue.path?.[0])) ?? OUT_OF_DATE;

const SetupState = z.object({
  [SETUP_BLOCKS.name]: field(
    z.object({
      value: z.string().transform(cleanDisplayName).pipe(z.string().trim().min(1).max(TEAM_NAME_MAX_LENGTH)),
    }),
  ),
  [SETUP_BLOCKS.respondents]: field(
    z.object({
      selected_users: z
        .array(z.string().regex(USER_ID, "Please choose people from your workspace."))
        .min(1)
        .max(100, "Please choose at most 100 people."),
    }),
  ),
  [SETUP_BLOCKS.cadence]: selected(z.enum(["weekly", "biweekly", "monthly"])),
  [SETUP_BLOCKS.day]: selected(
    z.enum(["1", "2", "3", "4", "5", "6", "7"]).transform((d) => Number(d) as Weekday),
  ),
  [SETUP_BLOCKS.time]: field(z.object({ selected_time: z.string().refine(isValidLocalTime) })),
  [SETUP_BLOCKS.timeZone]: field(
    z.object({ value: z.string().trim().pipe(z.string().refine(isValidTimeZone)) }),
  ),
});

export function parseSetupState(values: unknown): FormResult<SetupSubmission> {
  const parsed = SetupState.safeParse(values, { error: inPlainWords });
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

function setupErrors(issues: readonly z.core.$ZodIssue[], values: unknown): Record<string, string> {
  const errors = errorsByBlock(issues, SETUP_BLOCKS.name);
  if (errors[SETUP_BLOCKS.timeZone]) errors[SETUP_BLOCKS.timeZone] = timeZoneError(typedTimeZone(values));
  return errors;
}

/** Names what was typed and gives examples, which a fixed message cannot. */
function timeZoneError(typed: string | undefined): string {
  const examples = `Enter a region and city, such as ${TIME_ZONE_EXAMPLES}, or UTC.`;
  if (typed === undefined) return `Please enter a time zone. ${examples}`;
  const shown = `“${typed.slice(0, 64)}”`;
  // "est", "CET", "+05:00", "Berlin": names without a region carry no, or the wrong, daylight-saving rules.
  if (!typed.includes("/")) {
    return `${shown} is not a full time zone name, so I can't tell when your clocks change. ${examples}`;
  }
  return `${shown} is not a time zone I know. ${examples}`;
}

function typedTimeZone(values: unknown): string | undefined {
  const parsed = z
    .object({ [SETUP_BLOCKS.timeZone]: field(z.object({ value: z.string() })) })
    .safeParse(values);
  return parsed.success
    ? parsed.data[SETUP_BLOCKS.timeZone][SETUP_FIELD_ACTION].value.trim() || undefined
    : undefined;
}

/**
 * The zone as the person typed it, spelt as IANA spells it ("europe/berlin" → "Europe/Berlin"). Intl would
 * also swap a current name for the old one it files it under (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv →
 * Europe/Kiev): that is only used when it is the same name in another case.
 */
export function canonicalTimeZone(timeZone: string): string {
  return spelledTimeZone(timeZone);
}

const Metadata = z.object({
  channelId: z.string().regex(CHANNEL_ID),
  mlTeamId: z.number().int().positive().nullable(),
  teamId: z.string().min(1),
  userId: z.string().regex(USER_ID),
});

/**
 * What the modal acts on, bound to it when it was opened: the channel, the team it edits, and the workspace
 * and person it was opened for. It goes out sealed (below), so a submission cannot change it.
 */
export interface SetupMetadata {
  channelId: string;
  /** Set when the modal edits an existing team. */
  mlTeamId: number | null;
  /** The workspace the modal was opened in. */
  teamId: string;
  /** Who opened it: modals are only ever submitted by the person who opened them. */
  userId: string;
}

/** The modal's private_metadata, sealed with a key derived from the signing secret. */
export function sealSetupMetadata(signingSecret: string, metadata: SetupMetadata): string {
  return metadataSeal(signingSecret).seal(JSON.stringify(metadata));
}

/** What the modal was opened for; null when the metadata is not what the bot sealed (forged, or changed). */
export function openSetupMetadata(signingSecret: string, raw: string | undefined): SetupMetadata | null {
  const data = metadataSeal(signingSecret).open(raw);
  return data === null ? null : parseMetadata(Metadata, data);
}
