import {
  CHECKBOX_CRITERIA,
  CRITERION_IDS,
  type CriterionId,
  LADDERS,
  type LadderId,
  ladderChoice,
  ladderMet,
} from "./rubric.js";

/** The longest note a check-in (or an imported answer) may carry. */
export const NOTE_MAX_LENGTH = 1000;

/** A check-in as the modal asks it: one choice per ladder and the ticked checkbox criteria. */
export interface CheckinChoices {
  readonly ladders: Readonly<Record<LadderId, string>>;
  readonly checked: readonly CriterionId[];
}

/** The criteria met by a set of choices, in spec order; null when a ladder choice is not a rung or none value. */
export function metByChoices(choices: CheckinChoices): CriterionId[] | null {
  const people = ladderMet(LADDERS.people, choices.ladders.people);
  const release = ladderMet(LADDERS.release, choices.ladders.release);
  if (people === null || release === null) return null;
  const met = new Set<CriterionId>([...people, ...release, ...choices.checked]);
  return CRITERION_IDS.filter((id) => met.has(id));
}

/** The choices that reproduce a stored answer, to pre-fill the next check-in. */
export function choicesFor(met: ReadonlySet<CriterionId>): CheckinChoices {
  return {
    ladders: {
      people: ladderChoice(LADDERS.people, met),
      release: ladderChoice(LADDERS.release, met),
    },
    checked: CHECKBOX_CRITERIA.filter((id) => met.has(id)),
  };
}
