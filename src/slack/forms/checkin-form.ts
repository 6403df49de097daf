import { z } from "zod";
import { metByChoices } from "../../domain/checkin.js";
import { cleanReason, NA_REASON_MAX_LENGTH } from "../../domain/not-applicable.js";
import { ROLES } from "../../domain/roles.js";
import {
  CHECKBOX_CRITERIA,
  type CriterionId,
  criterion,
  DIMENSIONS,
  LADDERS,
  type Ladder,
  shortName,
} from "../../domain/rubric.js";
import { type CheckinAnswer, type CheckinOrigin, NOTE_MAX_LENGTH } from "../../services/checkin.js";
import {
  CHECKIN_FIELD_ACTION,
  criteriaBlockId,
  ladderBlockId,
  NA_REASON_BLOCK,
  NOT_APPLICABLE_BLOCK,
  NOTE_BLOCK,
  ROLE_BLOCK,
} from "../ids.js";
import { errorsByBlock, type FormResult, parseMetadata } from "./form-errors.js";
import type { MetadataSeal } from "./sealed-metadata.js";

const CHOOSE_ONE = "Please choose one answer.";
const NOT_OFFERED = "That answer is not one of the options here. Please choose again.";
const TICK_AGAIN = "Something ticked here is not one of the options shown. Please tick your answers again.";
const ROLE_AGAIN = "That role is not one of the options shown. Pick your role again, or leave it empty.";
const NOTE_AGAIN = "Please write the note as plain text.";
const NA_AGAIN = "That practice is not one of the options shown. Choose again, or leave it empty.";
const NA_REASON_AGAIN = "Please write the reason as plain text.";
const NA_NEEDS_REASON = "Say in a few words why these practices do not apply to your team.";
const NUL_IN_TEXT =
  "This has an invisible NUL character, which cannot be stored. Please type it again (pasting it back brings the character too).";
const REASON_WITHOUT_NA = "Choose the practices that do not apply above, or leave the reason empty.";
const OUT_OF_DATE = "This check-in form is out of date. Close it and open the check-in again.";

const withoutNul = (text: string) => !text.includes("\u0000");

/** One element per block, under the shared action_id, as Slack reports view.state.values. */
const field = <T extends z.ZodType>(element: T) => z.object({ [CHECKIN_FIELD_ACTION]: element });

// Only messages that differ from the field's own (FIELD_HELP below) are given here.
const radio = (ladder: Ladder) =>
  field(
    z.object({
      selected_option: z.object({
        value: z.enum([ladder.none, ...ladder.rungs.map((r) => r.id)], { error: NOT_OFFERED }),
      }),
    }),
  );

const checkboxes = (offered: readonly CriterionId[]) =>
  field(
    z.object({
      selected_options: z
        .array(z.object({ value: z.enum(offered as [CriterionId, ...CriterionId[]]) }))
        .nullish(),
    }),
  ).optional();

const checkboxDimensions = DIMENSIONS.map((d) => ({
  blockId: criteriaBlockId(d.id),
  offered: CHECKBOX_CRITERIA.filter((id) => criterion(id).dimension === d.id),
})).filter((d) => d.offered.length > 0);

const checkboxShape: Record<string, ReturnType<typeof checkboxes>> = Object.fromEntries(
  checkboxDimensions.map((d) => [d.blockId, checkboxes(d.offered)]),
);

/** The check-in modal's fields, validated against the rubric: only the values a field offered pass. */
const CheckinState = z.object({
  [ladderBlockId("people")]: radio(LADDERS.people),
  [ladderBlockId("release")]: radio(LADDERS.release),
  [ROLE_BLOCK]: field(z.object({ selected_option: z.object({ value: z.enum(ROLES) }).nullish() })).optional(),
  [NOT_APPLICABLE_BLOCK]: field(
    z.object({
      selected_options: z
        .array(z.object({ value: z.enum(CHECKBOX_CRITERIA as [CriterionId, ...CriterionId[]]) }))
        .nullish(),
    }),
  ).optional(),
  [NA_REASON_BLOCK]: field(
    z.object({
      value: z
        .string()
        .max(NA_REASON_MAX_LENGTH, { error: `Please keep the reason to ${NA_REASON_MAX_LENGTH} characters.` })
        .refine(withoutNul, { error: NUL_IN_TEXT })
        .nullish(),
    }),
  ).optional(),
  [NOTE_BLOCK]: field(
    z.object({
      value: z
        .string()
        .max(NOTE_MAX_LENGTH, { error: `Please keep the note to at most ${NOTE_MAX_LENGTH} characters.` })
        .refine(withoutNul, { error: NUL_IN_TEXT })
        .nullish(),
    }),
  ).optional(),
});
const CheckboxState = z.object(checkboxShape);

/** What each field says when its value is malformed in a way no schema above words, e.g. a renamed action_id. */
const FIELD_HELP = new Map<string, string>([
  [ladderBlockId("people"), CHOOSE_ONE],
  [ladderBlockId("release"), CHOOSE_ONE],
  ...checkboxDimensions.map((d): [string, string] => [d.blockId, TICK_AGAIN]),
  [ROLE_BLOCK, ROLE_AGAIN],
  [NOT_APPLICABLE_BLOCK, NA_AGAIN],
  [NA_REASON_BLOCK, NA_REASON_AGAIN],
  [NOTE_BLOCK, NOTE_AGAIN],
]);

// zod's own wording ("Invalid input: expected object, received undefined") must never reach a person.
const inPlainWords: z.core.$ZodErrorMap = (issue) => FIELD_HELP.get(String(issue.path?.[0])) ?? OUT_OF_DATE;

export function parseCheckinState(values: unknown): FormResult<CheckinAnswer> {
  const parsed = CheckinState.safeParse(values, { error: inPlainWords });
  const boxes = CheckboxState.safeParse(values, { error: inPlainWords });
  if (!parsed.success || !boxes.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(boxes.error?.issues ?? [])];
    return { ok: false, errors: errorsByBlock(issues, ladderBlockId("people")) };
  }
  const state = parsed.data;
  const checked = Object.values(boxes.data).flatMap((group) =>
    (group?.[CHECKIN_FIELD_ACTION].selected_options ?? []).map((o) => o.value),
  );
  const met = metByChoices({
    ladders: {
      people: state[ladderBlockId("people")][CHECKIN_FIELD_ACTION].selected_option.value,
      release: state[ladderBlockId("release")][CHECKIN_FIELD_ACTION].selected_option.value,
    },
    checked,
  });
  if (met === null) return { ok: false, errors: { [ladderBlockId("people")]: NOT_OFFERED } };
  const note = state[NOTE_BLOCK]?.[CHECKIN_FIELD_ACTION].value?.trim() || null;
  const role = state[ROLE_BLOCK]?.[CHECKIN_FIELD_ACTION].selected_option?.value ?? null;
  const exempt = (state[NOT_APPLICABLE_BLOCK]?.[CHECKIN_FIELD_ACTION].selected_options ?? []).map(
    (o) => o.value,
  );
  const reason = cleanReason(state[NA_REASON_BLOCK]?.[CHECKIN_FIELD_ACTION].value ?? "");
  if (exempt.length > 0 && reason === "")
    return { ok: false, errors: { [NA_REASON_BLOCK]: NA_NEEDS_REASON } };
  if (exempt.length === 0 && reason !== "")
    return { ok: false, errors: { [NA_REASON_BLOCK]: REASON_WITHOUT_NA } };
  const both = exempt.filter((id) => met.includes(id));
  if (both.length > 0) {
    const names = both.map(shortName).join(", ");
    return {
      ok: false,
      errors: {
        [NOT_APPLICABLE_BLOCK]: `${names}: ticked as in place and chosen as not applicable. Keep one of the two.`,
      },
    };
  }
  const notApplicable = new Map(exempt.map((id) => [id, reason] as const));
  return { ok: true, value: { met, notApplicable, role, note } };
}

/** The modal's private_metadata: the team answered for, and whether to refresh the App Home after. */
export interface CheckinMetadata {
  mlTeamId: number;
  origin: CheckinOrigin;
  /**
   * The round the modal was opened for, as "<ml_team_id>:<period>" sealed by the bot (see sealed-metadata.ts):
   * an answer submitted after that round closed still counts for it until its digest goes out.
   */
  round?: string;
}

const Metadata = z.object({
  mlTeamId: z.number().int().positive(),
  origin: z.enum(["channel", "home"]).default("channel"),
  round: z.string().max(200).optional(),
});

/** Not trusted: the caller re-checks that the team belongs to the workspace submitting. */
export function parseCheckinMetadata(raw: string | undefined): CheckinMetadata | null {
  return raw === undefined ? null : parseMetadata(Metadata, raw);
}

/**
 * The round the modal was opened for, when the bot sealed it for this team; undefined otherwise (a modal
 * opened before rounds were sealed, or metadata someone changed): the answer then counts for the current round.
 */
export function openedForRound(metadata: CheckinMetadata, seal: MetadataSeal): string | undefined {
  const opened = metadata.round === undefined ? null : seal.open(metadata.round);
  const match = /^(\d+):(\d{4}-\d{2}-\d{2})$/.exec(opened ?? "");
  return match && Number(match[1]) === metadata.mlTeamId ? match[2] : undefined;
}
