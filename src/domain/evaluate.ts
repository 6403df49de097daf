import {
  CRITERIA,
  CRITERION_LEVELS,
  type Criterion,
  type CriterionId,
  type CriterionLevel,
  type Level,
} from "./rubric.js";

export interface LevelProgress {
  readonly level: CriterionLevel;
  readonly met: number;
  readonly total: number;
}

export interface Evaluation {
  readonly level: Level;
  /** First unmet criterion of level + 1, in spec order; null at level 4. */
  readonly next: CriterionId | null;
  /** Met criteria above the level: they count once everything below them is met. */
  readonly aheadOfLevel: CriterionId[];
  readonly progress: LevelProgress[];
}

/** Hierarchy of needs: level L needs every criterion of levels 1..L, so no level can be skipped. */
export function evaluate(met: ReadonlySet<CriterionId>): Evaluation {
  const blocker = firstUnmet(met);
  const level: Level = blocker ? levelBelow(blocker.level) : 4;
  return {
    level,
    next: blocker?.id ?? null,
    aheadOfLevel: CRITERIA.filter((c) => c.level > level && met.has(c.id)).map((c) => c.id),
    progress: CRITERION_LEVELS.map((l) => progressAt(l, met)),
  };
}

/** The next prerequisite alone (evaluate's `next`), for figures over hundreds of teams. */
export function nextPrerequisite(met: ReadonlySet<CriterionId>): CriterionId | null {
  return firstUnmet(met)?.id ?? null;
}

/** The lowest-level unmet criterion, first in spec order within its level. */
function firstUnmet(met: ReadonlySet<CriterionId>): Criterion | undefined {
  for (const level of CRITERION_LEVELS) {
    const unmet = CRITERIA.find((c) => c.level === level && !met.has(c.id));
    if (unmet) return unmet;
  }
  return undefined;
}

const LEVEL_BELOW: Readonly<Record<CriterionLevel, Level>> = { 1: 0, 2: 1, 3: 2, 4: 3 };

function levelBelow(level: CriterionLevel): Level {
  return LEVEL_BELOW[level];
}

function progressAt(level: CriterionLevel, met: ReadonlySet<CriterionId>): LevelProgress {
  const ofLevel = CRITERIA.filter((c) => c.level === level);
  return { level, met: ofLevel.filter((c) => met.has(c.id)).length, total: ofLevel.length };
}
