// "Not applicable to this team": a respondent may say a checkbox practice (never a ladder rung) does not
// apply to their team, with a short reason. For the team, a practice is not applicable when more than half
// of the respondents say so; it then counts as in place for the hierarchy of needs (see evaluate.ts), and
// every view that shows the level names the exemption and its reasons, so an exemption never hides.
//
// Stored inside the answer's (and the closed round's) `met` list, beside the criterion ids, as tokens
// `na:<criterion id>:<reason, URI-encoded>`: every query that reads an answer reads its exemptions with it,
// and code that knows only criterion ids (isCriterionId) passes over them. A closed round keeps the
// exempted criterion's id in `met` too (it counts as in place) and one token per distinct reason.
import { CHECKBOX_CRITERIA, type CriterionId, isCriterionId } from "./rubric.js";

/** The longest reason a respondent may give. */
export const NA_REASON_MAX_LENGTH = 200;

const PREFIX = "na:";

/** Whether `id` may be marked not applicable: the checkbox practices, never the two ladders. */
export function mayBeNotApplicable(id: CriterionId): boolean {
  return CHECKBOX_CRITERIA.includes(id);
}

/** A reason as stored: trimmed, one line, at most NA_REASON_MAX_LENGTH characters. */
export function cleanReason(reason: string): string {
  return reason.replace(/\s+/g, " ").trim().slice(0, NA_REASON_MAX_LENGTH);
}

/** The tokens for each exempted practice and its reasons, in the order given. */
export function exemptionTokens(exemptions: ReadonlyMap<CriterionId, readonly string[]>): string[] {
  return [...exemptions].flatMap(([id, reasons]) =>
    reasons.map((reason) => `${PREFIX}${id}:${encodeURIComponent(cleanReason(reason))}`),
  );
}

/** The exemptions (practice → reasons) a stored `met` list carries; anything malformed is ignored. */
export function exemptionsIn(stored: readonly string[]): Map<CriterionId, string[]> {
  const exemptions = new Map<CriterionId, string[]>();
  for (const token of stored) {
    if (!token.startsWith(PREFIX)) continue;
    const rest = token.slice(PREFIX.length);
    const colon = rest.indexOf(":");
    const id = rest.slice(0, colon);
    if (colon < 0 || !isCriterionId(id) || !mayBeNotApplicable(id)) continue;
    let reason: string;
    try {
      reason = decodeURIComponent(rest.slice(colon + 1));
    } catch {
      continue;
    }
    exemptions.set(id, [...(exemptions.get(id) ?? []), reason]);
  }
  return exemptions;
}

/** One respondent's answer as stored: the criteria in place and the practices they say do not apply. */
export interface RespondentAnswer {
  readonly met: ReadonlySet<CriterionId>;
  /** Practice → the respondent's reason. */
  readonly notApplicable: ReadonlyMap<CriterionId, string>;
}

/** Reads a stored answer: criterion ids the rubric does not know are ignored. */
export function respondentAnswer(stored: readonly string[]): RespondentAnswer {
  const notApplicable = new Map<CriterionId, string>();
  for (const [id, reasons] of exemptionsIn(stored))
    if (reasons[0] !== undefined) notApplicable.set(id, reasons[0]);
  // A practice cannot be both in place and not applicable for one person: not applicable wins.
  const met = new Set(stored.filter(isCriterionId).filter((id) => !notApplicable.has(id)));
  return { met, notApplicable };
}

/** An answer as stored: its criteria in rubric order, then a token per practice not applicable. */
export function storedAnswer(
  met: readonly CriterionId[],
  notApplicable: ReadonlyMap<CriterionId, string>,
): string[] {
  const kept = met.filter((id) => !notApplicable.has(id));
  return [...kept, ...exemptionTokens(new Map([...notApplicable].map(([id, reason]) => [id, [reason]])))];
}
