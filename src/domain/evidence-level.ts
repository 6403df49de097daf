// A round's result beside its evidence: which practices in place evidence disputes, how many it verifies, and
// under the strict policy the level without the disputed ones (the views say so wherever the level shows).
import { type Evaluation, evaluate } from "./evaluate.js";
import {
  countedMet,
  disputedByEvidence,
  type EvidencePolicy,
  type EvidenceVerdicts,
  type JudgedAnswer,
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

/** Before anyone has answered: nothing in place, nothing exempt. */
export const NO_ANSWER: JudgedAnswer = { met: new Set(), notApplicable: new Map() };

/**
 * What counts towards the level of a team's answer, given the evidence and the policy: the evaluation the
 * level is shown from (null when it is the answers' own) and the evidence behind it.
 */
export function levelEvidence(
  answer: JudgedAnswer,
  verdicts: EvidenceVerdicts,
  policy: EvidencePolicy,
): { counted: { met: Set<CriterionId>; evaluation: Evaluation } | null; evidence: ResultEvidence } {
  const disputed = disputedByEvidence(answer, verdicts);
  const notCounted = policy === "strict" ? disputed : [];
  const counted = countedMet(answer, verdicts, policy);
  const evaluation = evaluate(notCounted.length === 0 ? answer.met : counted);
  const ordered = CRITERION_IDS.flatMap((id) => {
    const verdict = verdicts.get(id);
    return verdict ? [verdict] : [];
  });
  return {
    counted: notCounted.length === 0 ? null : { met: counted, evaluation },
    evidence: {
      policy,
      verdicts: ordered,
      disputed,
      notCounted,
      verification: verification(answer, evaluation.level, verdicts),
    },
  };
}

/** The result the level is shown from (under strict, without disputed practices) and its evidence. */
export function withEvidence(
  result: RoundResult,
  verdicts: EvidenceVerdicts,
  policy: EvidencePolicy,
): { result: RoundResult; evidence: ResultEvidence } {
  const { counted, evidence } = levelEvidence(result, verdicts, policy);
  return { result: counted === null ? result : { ...result, ...counted }, evidence };
}
