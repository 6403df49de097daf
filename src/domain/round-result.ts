import { aggregate, type TeamAnswer } from "./aggregate.js";
import { periodAt, previousRound, roundAt, type TeamSchedule } from "./calendar.js";
import { type Evaluation, evaluate } from "./evaluate.js";
import { type RespondentAnswer, respondentAnswer, type StoredAnswer } from "./not-applicable.js";
import { CRITERION_IDS, type CriterionId } from "./rubric.js";

export interface RoundResult extends TeamAnswer {
  readonly evaluation: Evaluation;
  /** How many respondents said each criterion is in place. */
  readonly support: ReadonlyMap<CriterionId, number>;
}

/** The team's result from each respondent's stored answer; ids the rubric does not know are ignored. */
export function roundResult(answers: readonly StoredAnswer[]): RoundResult {
  const read = answers.map(respondentAnswer);
  const answer = aggregateRead(read);
  // Counted in one pass over the answers (status computes this on every command), in rubric order.
  const support = new Map<CriterionId, number>(CRITERION_IDS.map((id) => [id, 0]));
  for (const { met } of read) for (const id of met) support.set(id, (support.get(id) ?? 0) + 1);
  return { ...answer, evaluation: evaluate(answer.met), support };
}

/** The team's answer from each respondent's stored answer (practices not applicable included). */
export function teamAnswerOf(answers: readonly StoredAnswer[]): TeamAnswer {
  return aggregateRead(answers.map(respondentAnswer));
}

function aggregateRead(read: readonly RespondentAnswer[]): TeamAnswer {
  return aggregate(
    read.map((a) => a.met),
    read.map((a) => a.notApplicable),
  );
}

/** How a round relates to now: the running one, the one before it, or older than that. */
export type RoundRecency = "current" | "previous" | "older";

export function roundRecency(schedule: TeamSchedule, period: string, now: Date): RoundRecency {
  // A later period can exist after a cadence change (weekly → monthly); it lies inside the current round.
  // The usual answer needs only the current period: the round's instants cost several time-zone lookups.
  if (period >= periodAt(schedule, now)) return "current";
  return period >= previousRound(schedule, roundAt(schedule, now)).period ? "previous" : "older";
}
