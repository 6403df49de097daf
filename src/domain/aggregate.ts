import { CRITERION_IDS, type CriterionId } from "./rubric.js";

export interface TeamAnswer {
  readonly respondents: number;
  /** Criteria in place, including those the team says do not apply (they count as in place). */
  readonly met: Set<CriterionId>;
  readonly disputed: Set<CriterionId>;
  /** Practices more than half of the respondents say do not apply, with their distinct reasons. */
  readonly notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
}

/**
 * Combines each respondent's latest set of met criteria into the team's answer for a round.
 * `notApplicable[i]` holds respondent i's practices that do not apply, with their reasons.
 */
export function aggregate(
  answers: readonly ReadonlySet<CriterionId>[],
  notApplicable: readonly ReadonlyMap<CriterionId, string>[] = [],
): TeamAnswer {
  const respondents = answers.length;
  const met = new Set<CriterionId>();
  const disputed = new Set<CriterionId>();
  const exempt = new Map<CriterionId, string[]>();
  // Plain loops: a page of the read API aggregates 200 teams' answers, and the arrays these counts would
  // allocate per criterion and team were most of its garbage.
  const anyExempt = notApplicable.some((answer) => answer.size > 0);
  for (const id of CRITERION_IDS) {
    const reasons = anyExempt ? reasonsFor(id, notApplicable) : [];
    if (isMajority(reasons.length, respondents)) {
      exempt.set(id, [...new Set(reasons)]);
      met.add(id);
      continue;
    }
    let yes = 0;
    for (const answer of answers) if (answer.has(id)) yes++;
    if (isMajority(yes, respondents)) met.add(id);
    if (isDisputed(yes, respondents)) disputed.add(id);
  }
  return { respondents, met, disputed, notApplicable: exempt };
}

function reasonsFor(id: CriterionId, notApplicable: readonly ReadonlyMap<CriterionId, string>[]): string[] {
  const reasons: string[] = [];
  for (const answer of notApplicable) {
    const reason = answer.get(id);
    if (reason !== undefined) reasons.push(reason);
  }
  return reasons;
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
