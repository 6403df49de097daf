// The maturity rubric from docs/maturity-model.md. Ids are a public contract (database, Slack
// option values, exports): never rename one. Wording follows the seed text.
//
// How a team's level is worked out (aggregate.ts, evaluate.ts): a criterion is met when more than half
// of the round's respondents say it is in place; level L needs every criterion of levels 1..L. A checkbox
// criterion (CHECKBOX_CRITERIA, never a ladder rung) that more than half of the respondents mark *not
// applicable to this team*, each with a reason, counts as in place for that hierarchy, and every view of
// the level names it with its reasons (not-applicable.ts).

export type Level = 0 | 1 | 2 | 3 | 4;
/** Levels a criterion can belong to; level 0 is the absence of every criterion. */
export type CriterionLevel = Exclude<Level, 0>;
export const CRITERION_LEVELS: readonly CriterionLevel[] = [1, 2, 3, 4];

export interface LevelInfo {
  readonly level: Level;
  readonly name: string;
  readonly summary: string;
}

export const LEVELS: readonly LevelInfo[] = [
  {
    level: 0,
    name: "No MLOps",
    summary:
      "Roles are siloed and builds, tests, training and releases are manual, so every release is painful.",
  },
  {
    level: 1,
    name: "DevOps but no MLOps",
    summary:
      "Application builds, tests and releases are automated, but every new model relies on the data team.",
  },
  {
    level: 2,
    name: "Automated Training",
    summary:
      "Training is automated, managed and tracked, so models are easy to reproduce; releases are manual but low friction.",
  },
  {
    level: 3,
    name: "Automated Model Deployment",
    summary:
      "Models are released automatically through CI/CD with tests and A/B testing, traceable back to their data.",
  },
  {
    level: 4,
    name: "Full MLOps Automated Operations",
    summary:
      "The whole system is automated and monitored: production metrics trigger retraining, with near-zero downtime.",
  },
];

export function levelInfo(level: Level): LevelInfo {
  return LEVELS.find((info) => info.level === level) ?? unreachable(`level ${level}`);
}

export type Dimension = "people" | "model_creation" | "model_release" | "application";

export const DIMENSIONS: readonly { readonly id: Dimension; readonly label: string }[] = [
  { id: "people", label: "People" },
  { id: "model_creation", label: "Model creation" },
  { id: "model_release", label: "Model release" },
  { id: "application", label: "Application integration" },
];

export function dimensionLabel(dimension: Dimension): string {
  return DIMENSIONS.find((d) => d.id === dimension)?.label ?? unreachable(`dimension ${dimension}`);
}

/** In spec order, which is also level order: evaluation and "next prerequisite" rely on it. */
export const CRITERION_IDS = [
  "automated_builds",
  "app_unit_tests",
  "automated_app_releases",
  "basic_integration_tests",
  "automated_data_pipeline",
  "scoring_script_versioned",
  "ds_de_collaboration",
  "managed_compute",
  "automated_training",
  "experiment_tracking",
  "model_versioning",
  "tested_scoring_script",
  "cross_role_integration",
  "cicd_model_release",
  "model_release_tests",
  "ab_testing",
  "data_traceability",
  "managed_environments",
  "all_roles_collaboration",
  "production_model_metrics",
  "automated_retraining",
  "zero_downtime_releases",
] as const;

export type CriterionId = (typeof CRITERION_IDS)[number];

export interface Criterion {
  readonly id: CriterionId;
  readonly level: CriterionLevel;
  readonly dimension: Dimension;
  /** Slack checkbox option text: at most 75 characters. */
  readonly title: string;
  /** Hint under the check-in option: at most 75 characters (Slack's limit for option descriptions). */
  readonly description: string;
  /** Why the practice matters, one line: at most 150 characters. */
  readonly why: string;
}

export const CRITERIA: readonly Criterion[] = [
  {
    id: "automated_builds",
    level: 1,
    dimension: "application",
    title: "Application builds run automatically",
    description: "A pipeline builds every change; nobody builds by hand.",
    why: "Builds and deployments by hand are what make releases painful and error-prone; a pipeline makes them routine.",
  },
  {
    id: "app_unit_tests",
    level: 1,
    dimension: "application",
    title: "Application code has automated unit tests",
    description: "Unit tests run automatically on every build.",
    why: "Manual testing of the application is slow and misses regressions that automated tests catch.",
  },
  {
    id: "automated_app_releases",
    level: 1,
    dimension: "application",
    title: "Application releases are automated",
    description: "Shipping a new app version needs no manual deployment steps.",
    why: "Automated releases are less painful, and automated model releases are later built on top of them.",
  },
  {
    id: "basic_integration_tests",
    level: 1,
    dimension: "application",
    title: "Basic integration tests exist",
    description: "The main paths through the app have automated integration tests.",
    why: "They catch breakages between the model and the application that unit tests miss.",
  },
  {
    id: "automated_data_pipeline",
    level: 1,
    dimension: "model_creation",
    title: "A data pipeline gathers data automatically",
    description: "Training data is collected by a pipeline, not gathered by hand.",
    why: "Manually gathered data cannot be gathered the same way twice, so results cannot be reproduced.",
  },
  {
    id: "scoring_script_versioned",
    level: 1,
    dimension: "model_release",
    title: "The scoring script is version-controlled and handed to software engineers",
    description: "The code that loads the model and scores inputs is in version control.",
    why: "A scoring script written after the experiments, outside version control, makes each release a fragile hand-off.",
  },
  {
    id: "ds_de_collaboration",
    level: 2,
    dimension: "people",
    title: "Data scientists and data engineers work together directly",
    description: "Together they turn experiment code into repeatable scripts or jobs.",
    why: "Without that collaboration experiments stay one-off code that nobody can rerun or automate.",
  },
  {
    id: "managed_compute",
    level: 2,
    dimension: "model_creation",
    title: "Training compute is managed",
    description: "Training runs on a shared cluster or cloud service, not on laptops.",
    why: "A managed training environment is what makes training repeatable and traceable.",
  },
  {
    id: "automated_training",
    level: 2,
    dimension: "model_creation",
    title: "Model training is automated",
    description: "A pipeline or scheduled job trains the model; nobody runs it by hand.",
    why: "Automated training makes a model easy to reproduce, and it is what the automated levels build on.",
  },
  {
    id: "experiment_tracking",
    level: 2,
    dimension: "model_creation",
    title: "Experiment results and training performance are tracked centrally",
    description: "Every training run logs its parameters and metrics to one shared place.",
    why: "Without central tracking it is hard to know what worked and to reproduce a result.",
  },
  {
    id: "model_versioning",
    level: 2,
    dimension: "model_creation",
    title: "Training code and trained models are version-controlled",
    description: "Each model is stored with a version and the code that produced it.",
    why: "Versioned code and models let you rebuild or roll back to any earlier model.",
  },
  {
    id: "tested_scoring_script",
    level: 2,
    dimension: "model_release",
    title: "The scoring script has tests; software engineers manage its release",
    description: "The scoring script has tests; software engineers own its release.",
    why: "Tests and an owned release process keep manual model releases low friction.",
  },
  {
    id: "cross_role_integration",
    level: 3,
    dimension: "people",
    title: "Data scientists, data engineers and software engineers work together",
    description: "They agree on model inputs and outputs and automate integration.",
    why: "While software engineers stay siloed, model integration stays manual and relies on data scientists.",
  },
  {
    id: "cicd_model_release",
    level: 3,
    dimension: "model_release",
    title: "Models are released automatically by a CI/CD pipeline",
    description: "A CI/CD pipeline takes a new model to production, no manual steps.",
    why: "Automatic releases are low friction, so better models reach users sooner.",
  },
  {
    id: "model_release_tests",
    level: 3,
    dimension: "application",
    title: "Unit and integration tests run for every model release",
    description: "Each model release passes automated tests before production.",
    why: "Testing every release makes shipping a model less reliant on data scientist expertise.",
  },
  {
    id: "ab_testing",
    level: 3,
    dimension: "model_release",
    title: "New models are A/B tested as part of deployment",
    description: "A new model is compared with the current one before it takes over.",
    why: "A/B testing shows whether a new model really performs better before it replaces the old one.",
  },
  {
    id: "data_traceability",
    level: 3,
    dimension: "model_creation",
    title: "Every deployment can be traced back to its original data",
    description: "For any model in production you can find the data it was trained on.",
    why: "Full traceability lets you explain, reproduce and fix the behaviour of any deployed model.",
  },
  {
    id: "managed_environments",
    level: 3,
    dimension: "model_release",
    title: "The whole environment is managed: train > test > production",
    description: "Environments are defined and managed, not configured by hand.",
    why: "A managed chain of environments keeps what was tested the same as what runs in production.",
  },
  {
    id: "all_roles_collaboration",
    level: 4,
    dimension: "people",
    title: "All roles work together, including on post-deployment metrics",
    description: "Engineers build metrics gathering from deployed models into the app.",
    why: "Post-deployment metrics are what tell the team, and the system, how to improve the models.",
  },
  {
    id: "production_model_metrics",
    level: 4,
    dimension: "application",
    title: "Deployed models send verbose metrics to a central place",
    description: "Inputs, predictions and performance in production are recorded.",
    why: "Without feedback from production, models are black boxes that degrade unnoticed as data changes.",
  },
  {
    id: "automated_retraining",
    level: 4,
    dimension: "model_creation",
    title: "Production metrics trigger retraining automatically",
    description: "When metrics show a model degrading, retraining starts by itself.",
    why: "Data keeps changing; automatic retraining lets the system improve itself with new models.",
  },
  {
    id: "zero_downtime_releases",
    level: 4,
    dimension: "model_release",
    title: "Model releases cause (almost) no downtime",
    description: "A new model replaces the old one without interrupting the service.",
    why: "Near-zero downtime means models can be released as often as needed without hurting users.",
  },
];

/** A practice in two or three words, where a whole sentence would not fit, e.g. "A/B testing". */
const SHORT_NAMES: Readonly<Record<CriterionId, string>> = {
  automated_builds: "Automated builds",
  app_unit_tests: "Application unit tests",
  automated_app_releases: "Automated application releases",
  basic_integration_tests: "Basic integration tests",
  automated_data_pipeline: "Automated data pipeline",
  scoring_script_versioned: "Versioned scoring script",
  ds_de_collaboration: "Data science and data engineering together",
  managed_compute: "Managed training compute",
  automated_training: "Automated training",
  experiment_tracking: "Experiment tracking",
  model_versioning: "Model versioning",
  tested_scoring_script: "Tested scoring script",
  cross_role_integration: "Cross-role model integration",
  cicd_model_release: "CI/CD model releases",
  model_release_tests: "Model release tests",
  ab_testing: "A/B testing",
  data_traceability: "Data traceability",
  managed_environments: "Managed environments",
  all_roles_collaboration: "All roles together",
  production_model_metrics: "Production model metrics",
  automated_retraining: "Automated retraining",
  zero_downtime_releases: "Zero-downtime releases",
};

export function shortName(id: CriterionId): string {
  return SHORT_NAMES[id];
}

const CRITERIA_BY_ID: ReadonlyMap<CriterionId, Criterion> = new Map(CRITERIA.map((c) => [c.id, c]));

export function criterion(id: CriterionId): Criterion {
  return CRITERIA_BY_ID.get(id) ?? unreachable(`criterion ${id}`);
}

const CRITERION_ID_SET: ReadonlySet<string> = new Set(CRITERION_IDS);

export function isCriterionId(value: string): value is CriterionId {
  return CRITERION_ID_SET.has(value);
}

export type LadderId = "people" | "release";

export interface LadderRung {
  readonly id: CriterionId;
  /** Slack radio option text: at most 75 characters. */
  readonly label: string;
  /** Hint under the option: at most 75 characters. */
  readonly hint: string;
}

/** One single-choice question whose rungs build on each other; choosing a rung meets the ones below. */
export interface Ladder {
  readonly id: LadderId;
  readonly question: string;
  readonly none: string;
  readonly noneLabel: string;
  readonly noneHint: string;
  readonly rungs: readonly LadderRung[];
}

export const LADDERS = {
  people: {
    id: "people",
    question: "How do data scientists, data engineers and software engineers work together?",
    none: "siloed",
    noneLabel: "Siloed: the roles are not in regular contact",
    noneHint: "Data scientists, data engineers and software engineers rarely talk.",
    rungs: [
      {
        id: "ds_de_collaboration",
        label: "Data scientists and data engineers turn experiments into repeatable jobs",
        hint: "Software engineers still work separately.",
      },
      {
        id: "cross_role_integration",
        label: "Software engineers join them to automate model integration into the app",
        hint: "Together they agree on model inputs and outputs.",
      },
      {
        id: "all_roles_collaboration",
        label: "All roles work together; engineers gather post-deployment metrics",
        hint: "Software engineers build metrics gathering into the application.",
      },
    ],
  },
  release: {
    id: "release",
    question: "How does a new model reach production?",
    none: "manual_handoff",
    noneLabel: "Manual hand-off; the scoring script is not version-controlled",
    noneHint: "For example, a model file is passed on by hand after the experiments.",
    rungs: [
      {
        id: "scoring_script_versioned",
        label: "Manually; the scoring script is versioned and handed to engineers",
        hint: "The release itself is still a manual step.",
      },
      {
        id: "tested_scoring_script",
        label: "Manually; the scoring script is tested and engineers own the release",
        hint: "The scoring script has automated tests; the release is still manual.",
      },
      {
        id: "cicd_model_release",
        label: "Automatically, through a CI/CD pipeline",
        hint: "A continuous delivery pipeline takes new models to production.",
      },
    ],
  },
} as const satisfies Readonly<Record<LadderId, Ladder>>;

export type PeopleRungId = (typeof LADDERS.people.rungs)[number]["id"];

const LADDER_LIST: readonly Ladder[] = [LADDERS.people, LADDERS.release];

/** The 6 criteria asked through the two ladders, in spec order. */
export const LADDER_CRITERIA: readonly CriterionId[] = CRITERION_IDS.filter((id) =>
  LADDER_LIST.some((ladder) => ladder.rungs.some((rung) => rung.id === id)),
);

/** The other 22 - 6 = 16 criteria, each asked as a checkbox, in spec order. */
export const CHECKBOX_CRITERIA: readonly CriterionId[] = CRITERION_IDS.filter(
  (id) => !LADDER_CRITERIA.includes(id),
);

/** Criteria met by choosing `choice`: the rung and every rung below it; null for an unknown choice. */
export function ladderMet(ladder: Ladder, choice: string): CriterionId[] | null {
  if (choice === ladder.none) return [];
  const index = ladder.rungs.findIndex((rung) => rung.id === choice);
  if (index === -1) return null;
  return ladder.rungs.slice(0, index + 1).map((rung) => rung.id);
}

/** The choice to pre-fill: the highest rung reached without a gap below it, else the none value. */
export function ladderChoice(ladder: Ladder, met: ReadonlySet<CriterionId>): string {
  const firstGap = ladder.rungs.findIndex((rung) => !met.has(rung.id));
  const reached = firstGap === -1 ? ladder.rungs.length : firstGap;
  return ladder.rungs[reached - 1]?.id ?? ladder.none;
}

function unreachable(what: string): never {
  throw new Error(`Unknown ${what}`);
}
