import type { TeamAnswer } from "./aggregate.js";
import { evaluate } from "./evaluate.js";
import { type CriterionId, criterion, LADDERS, type Level, type PeopleRungId } from "./rubric.js";

export const NUDGE_KINDS = [
  "siloed_roles",
  "manual_releases",
  "regression",
  "missed_checkin",
  "practice_lost",
] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

/** The seed's path out of manual releases: automate app releases, version, test, then CI/CD. */
export const releaseRungs = [
  "automated_app_releases",
  "scoring_script_versioned",
  "tested_scoring_script",
  "cicd_model_release",
] as const satisfies readonly CriterionId[];
export type ReleaseRungId = (typeof releaseRungs)[number];

export type Nudge =
  /** `split`: the respondents were split on `workOn` (it is disputed), rather than agreeing it is missing. */
  | { readonly kind: "siloed_roles"; readonly workOn: PeopleRungId; readonly split?: true }
  /** `remaining`: the unmet rungs after `firstMissing`, in ladder order. */
  | {
      readonly kind: "manual_releases";
      readonly firstMissing: ReleaseRungId;
      readonly remaining: ReleaseRungId[];
    }
  | { readonly kind: "regression"; readonly from: Level; readonly to: Level }
  | { readonly kind: "missed_checkin" }
  /** Practices the round lost while the level held (progress towards the next level gone). */
  | { readonly kind: "practice_lost"; readonly level: Level; readonly lost: readonly CriterionId[] };

export interface NudgeInput {
  /** null when the round closed with no answers. */
  readonly answer: TeamAnswer | null;
  /** Level of the previous round that had answers; null if there was none. */
  readonly previousLevel: Level | null;
}

export function firstMissingReleaseRung(met: ReadonlySet<CriterionId>): ReleaseRungId | null {
  return releaseRungs.find((id) => !met.has(id)) ?? null;
}

export function nudgesFor({ answer, previousLevel }: NudgeInput): Nudge[] {
  // An answer with no respondents carries no information, like no answer at all.
  if (answer === null || answer.respondents === 0) return [{ kind: "missed_checkin" }];
  const { level, next } = evaluate(answer.met);
  const nudges = [
    siloedRoles(answer.met, next, answer.disputed),
    manualReleases(answer.met),
    regression(previousLevel, level),
  ];
  return nudges.filter((nudge) => nudge !== null);
}

function siloedRoles(
  met: ReadonlySet<CriterionId>,
  next: CriterionId | null,
  disputed: ReadonlySet<CriterionId>,
): Nudge | null {
  const nextIsPeople = next !== null && criterion(next).dimension === "people";
  if (met.has("ds_de_collaboration") && !nextIsPeople) return null;
  const workOn = LADDERS.people.rungs.find((rung) => !met.has(rung.id));
  if (!workOn) return null;
  return disputed.has(workOn.id)
    ? { kind: "siloed_roles", workOn: workOn.id, split: true }
    : { kind: "siloed_roles", workOn: workOn.id };
}

function manualReleases(met: ReadonlySet<CriterionId>): Nudge | null {
  if (met.has("automated_app_releases") && met.has("cicd_model_release")) return null;
  const firstMissing = firstMissingReleaseRung(met);
  if (firstMissing === null) return null;
  const after = releaseRungs.slice(releaseRungs.indexOf(firstMissing) + 1);
  return { kind: "manual_releases", firstMissing, remaining: after.filter((id) => !met.has(id)) };
}

function regression(previousLevel: Level | null, level: Level): Nudge | null {
  if (previousLevel === null || level >= previousLevel) return null;
  return { kind: "regression", from: previousLevel, to: level };
}

export interface Advice {
  readonly title: string;
  readonly text: string;
}

export const NUDGE_ADVICE: {
  readonly siloed_roles: Readonly<Record<PeopleRungId, Advice>>;
  readonly manual_releases: Readonly<Record<ReleaseRungId, Advice>>;
  readonly regression: Advice;
  readonly missed_checkin: Advice;
  readonly practice_lost: Advice;
} = {
  siloed_roles: {
    ds_de_collaboration: {
      title: "Pair a data scientist with a data engineer",
      text:
        "Pick one experiment and have a data scientist and a data engineer turn it into a script or job " +
        "that anyone can rerun. Automated training is built on that kind of repeatable job.",
    },
    cross_role_integration: {
      title: "Bring software engineers into model work",
      text:
        "Agree with software engineers on each model's inputs and outputs, and automate how a model is " +
        "plugged into the application code. Until then every integration depends on a data scientist.",
    },
    all_roles_collaboration: {
      title: "Have software engineers gather post-deployment metrics",
      text:
        "Ask software engineers to build metrics gathering for deployed models into the application. " +
        "Those metrics show how to improve the models and can later trigger retraining on their own.",
    },
  },
  manual_releases: {
    automated_app_releases: {
      title: "Automate application releases first",
      text:
        "Release the application through a pipeline with no manual steps. Model releases are automated " +
        "on top of that: then version the scoring script, test it, and release models through CI/CD.",
    },
    scoring_script_versioned: {
      title: "Put the scoring script under version control",
      text:
        "Keep the script that loads the model and scores inputs in version control, written with the " +
        "experiment rather than after it, and hand it to software engineers from there. Tests come next.",
    },
    tested_scoring_script: {
      title: "Add tests to the scoring script",
      text:
        "Write tests for the scoring script and let the software engineering team own its release. " +
        "With tests in place, releasing models through a CI/CD pipeline is the next step.",
    },
    cicd_model_release: {
      title: "Release models through CI/CD",
      text:
        "Let a continuous delivery pipeline release each new model automatically, running its tests on " +
        "the way. Releases become low friction and stop waiting for a manual hand-off.",
    },
  },
  regression: {
    title: "The team's level dropped",
    text:
      "A practice that was met last round is now answered as unmet, or the team disagrees about it. " +
      "Check which practices changed: was something lost, or do people see it differently?",
  },
  missed_checkin: {
    title: "Nobody answered this check-in",
    text:
      "Without answers the bot cannot tell whether the team is moving up a level. " +
      "A couple of minutes in the next round keeps the level and the advice current.",
  },
  practice_lost: {
    title: "A practice stopped counting",
    text:
      "The level held, but a practice that counted last round no longer does, and with it some of the way " +
      "to the next level. If it is still in place, say so at the next check-in; if it stopped, it is worth " +
      "a word in the team before it becomes a habit.",
  },
};

export function adviceFor(nudge: Nudge): Advice {
  switch (nudge.kind) {
    case "siloed_roles":
      return NUDGE_ADVICE.siloed_roles[nudge.workOn];
    case "manual_releases":
      return NUDGE_ADVICE.manual_releases[nudge.firstMissing];
    case "regression":
      return NUDGE_ADVICE.regression;
    case "missed_checkin":
      return NUDGE_ADVICE.missed_checkin;
    case "practice_lost":
      return NUDGE_ADVICE.practice_lost;
  }
}
