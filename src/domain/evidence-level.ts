// A round's result beside its evidence: which practices in place evidence disputes, how many it verifies, and
// under the strict policy the level without the disputed ones (the views say so wherever the level shows).
import { evaluate } from "./evaluate.js";
import {
  countedMet,
  disputedByEvidence,
  type EvidencePolicy,
  type EvidenceVerdicts,
  type PracticeEvidence,
  type Verification,
  verification,
} from "./evidence.js";
import type { RoundResult } from "./round-result.js";
import { CRITERION_IDS, type CriterionId } from "./rubric.js";

export interface ResultEvidence {
  readonly policy: EvidencePolicy;
  /** Every verdict, in rubric order. */
  readonly verdicts: readonly PracticeEvidence[];
  /** Practices people say are in place that evidence disputes. */
  readonly disputed: readonly CriterionId[];
  /** Under strict: those same practices, which the level does not count; empty under shown. */
  readonly notCounted: readonly CriterionId[];
  readonly verification: Verification;
}

/** The result the level is shown from (under strict, without disputed practices) and its evidence. */
export function withEvidence(
  result: RoundResult,
  verdicts: EvidenceVerdicts,
  policy: EvidencePolicy,
): { result: RoundResult; evidence: ResultEvidence } {
  const disputed = disputedByEvidence(result.met, verdicts);
  const notCounted = policy === "strict" ? disputed : [];
  const met = countedMet(result.met, verdicts, policy);
  const shown = notCounted.length === 0 ? result : { ...result, met, evaluation: evaluate(met) };
  const ordered = CRITERION_IDS.flatMap((id) => {
    const verdict = verdicts.get(id);
    return verdict ? [verdict] : [];
  });
  return {
    result: shown,
    evidence: {
      policy,
      verdicts: ordered,
      disputed,
      notCounted,
      verification: verification(result.met, shown.evaluation.level, verdicts),
    },
  };
}
