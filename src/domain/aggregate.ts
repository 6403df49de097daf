import { CRITERION_IDS, type CriterionId } from "./rubric.js";

export interface TeamAnswer {
  readonly respondents: number;
  readonly met: Set<CriterionId>;
  readonly disputed: Set<CriterionId>;
}

/** Combines each respondent's latest set of met criteria into the team's answer for a round. */
export function aggregate(answers: readonly ReadonlySet<CriterionId>[]): TeamAnswer {
  const respondents = answers.length;
  const met = new Set<CriterionId>();
  const disputed = new Set<CriterionId>();
  for (const id of CRITERION_IDS) {
    const yes = answers.filter((answer) => answer.has(id)).length;
    if (isMajority(yes, respondents)) met.add(id);
    if (isDisputed(yes, respondents)) disputed.add(id);
  }
  return { respondents, met, disputed };
}

/** Strictly more than half, so a tie is not met. */
function isMajority(yes: number, respondents: number): boolean {
  return 2 * yes > respondents;
}

/** The smaller side holds at least a third; compared in integers to avoid rounding 1/3. */
function isDisputed(yes: number, respondents: number): boolean {
  const smallerSide = Math.min(yes, respondents - yes);
  return respondents >= 2 && 3 * smallerSide >= respondents;
}
