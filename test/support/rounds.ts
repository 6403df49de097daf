import type { ClosedRound } from "../../src/domain/digest.js";
import type { StoredAnswer } from "../../src/domain/not-applicable.js";
import { CRITERIA, type CriterionId, type Level } from "../../src/domain/rubric.js";

/** Exactly the criteria of levels 1..level. */
export function upTo(level: Level): CriterionId[] {
  return CRITERIA.filter((c) => c.level <= level).map((c) => c.id);
}

/** An answer as stored, from its criteria (and practice → reason for those that do not apply). */
export function stored(
  met: readonly string[],
  notApplicable: Record<string, string> | null = null,
): StoredAnswer {
  return { met, notApplicable };
}

/** What the seed describes as Level 1: DevOps in place, roles siloed, models handed over by hand. */
export const SEED_LEVEL_1: readonly CriterionId[] = upTo(1);

/** A closed round at `level` (null: nobody answered) out of two respondents, for digest tests. */
export function closedRound(
  period: string,
  level: Level | null,
  overrides: Partial<ClosedRound> = {},
): ClosedRound {
  return {
    period,
    prompted: true,
    answered: level === null ? 0 : 2,
    expected: 2,
    away: 0,
    level,
    met: level === null ? [] : upTo(level),
    disputed: [],
    notApplicable: new Map(),
    closedAt: new Date(`${period}T00:00:00Z`),
    ...overrides,
  };
}

/** A closed round in which one of the two respondents answered (none, when `level` is null). */
export function closedRoundOneOfTwo(
  period: string,
  level: Level | null,
  overrides: Partial<ClosedRound> = {},
): ClosedRound {
  return closedRound(period, level, { answered: level === null ? 0 : 1, ...overrides });
}
