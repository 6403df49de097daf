// "Not applicable to this team": a respondent may say a checkbox practice (never a ladder rung) does not
// apply to their team, with a short reason. For the team, a practice is not applicable when more than half
// of the respondents say so; it then counts as in place for the hierarchy of needs (see evaluate.ts), and
// every view that shows the level names the exemption and its reasons, so an exemption never hides.
//
// Stored beside the criterion ids, never among them: an answer keeps practice → reason, a closed round
// practice → its distinct reasons (the exempted practice also stays in the round's `met`: it counts as in place).
import { CHECKBOX_CRITERIA, type CriterionId, isCriterionId } from "./rubric.js";

/** The longest reason a respondent may give. */
export const NA_REASON_MAX_LENGTH = 200;

/** Whether `id` may be marked not applicable: the checkbox practices, never the two ladders. */
export function mayBeNotApplicable(id: CriterionId): boolean {
  return CHECKBOX_CRITERIA.includes(id);
}

/** A reason as stored: trimmed, one line, at most NA_REASON_MAX_LENGTH characters. */
export function cleanReason(reason: string): string {
  return reason.replace(/\s+/g, " ").trim().slice(0, NA_REASON_MAX_LENGTH);
}

/** One respondent's answer as stored: the criteria in place and the practices they say do not apply. */
export interface RespondentAnswer {
  readonly met: ReadonlySet<CriterionId>;
  /** Practice → the respondent's reason. */
  readonly notApplicable: ReadonlyMap<CriterionId, string>;
}

/** An answer as the database keeps it: criterion ids in place, and practice → reason (null: none). */
export interface StoredAnswer {
  readonly met: readonly string[];
  readonly notApplicable: Readonly<Record<string, string>> | null;
}

/** Reads a stored answer: ids the rubric does not know, or that may not be exempted, are ignored. */
export function respondentAnswer(stored: StoredAnswer): RespondentAnswer {
  const notApplicable = new Map<CriterionId, string>();
  const stated = stored.notApplicable;
  if (stated === null) return { met: new Set(stored.met.filter(isCriterionId)), notApplicable };
  for (const id of CHECKBOX_CRITERIA) {
    const reason = stated[id];
    if (typeof reason === "string") notApplicable.set(id, reason);
  }
  // A practice cannot be both in place and not applicable for one person: not applicable wins.
  const met = new Set(stored.met.filter(isCriterionId).filter((id) => !notApplicable.has(id)));
  return { met, notApplicable };
}

/** An answer as stored: its criteria in the order given, less those it says do not apply. */
export function storedAnswer(
  met: readonly CriterionId[],
  notApplicable: ReadonlyMap<CriterionId, string>,
): StoredAnswer {
  const reasons = [...notApplicable].map(([id, reason]) => [id, cleanReason(reason)] as const);
  return { met: met.filter((id) => !notApplicable.has(id)), notApplicable: recordOrNull(reasons) };
}

/** A closed round's exemptions (practice → reasons) as stored: null when there are none. */
export function storedExemptions(
  exemptions: ReadonlyMap<CriterionId, readonly string[]>,
): Record<string, string[]> | null {
  return recordOrNull([...exemptions].map(([id, reasons]) => [id, reasons.map(cleanReason)] as const));
}

/** A closed round's stored exemptions, read: in rubric order, anything malformed ignored. */
export function exemptionsOf(stored: Readonly<Record<string, unknown>> | null): Map<CriterionId, string[]> {
  const exemptions = new Map<CriterionId, string[]>();
  for (const id of CHECKBOX_CRITERIA) {
    const reasons = stored?.[id];
    if (Array.isArray(reasons))
      exemptions.set(
        id,
        reasons.filter((r) => typeof r === "string"),
      );
  }
  return exemptions;
}

function recordOrNull<T>(entries: readonly (readonly [string, T])[]): Record<string, T> | null {
  return entries.length === 0 ? null : Object.fromEntries(entries);
}
