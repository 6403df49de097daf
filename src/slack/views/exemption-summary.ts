// The practices a team says do not apply, short enough for a message's notification text: with every
// respondent's reasons while they fit, else only the practices' names (the status view lists the reasons).
import { CRITERION_IDS, type CriterionId, shortName } from "../../domain/rubric.js";
import { exemptionLine } from "./phrases.js";

/** Past this, the reasons are left out: a sentence in a reply is no place for 30,000 characters of them. */
export const EXEMPTION_SUMMARY_MAX = 1_000;

export function exemptionSummary(notApplicable: ReadonlyMap<CriterionId, readonly string[]>): string | null {
  const full = exemptionLine(notApplicable);
  if (full === null || full.length <= EXEMPTION_SUMMARY_MAX) return full;
  const names = CRITERION_IDS.filter((id) => notApplicable.has(id)).map(shortName);
  return `Exempted as not applicable: ${names.join(", ")} (their reasons are in \`/mlops status\`)`;
}
