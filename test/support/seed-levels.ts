import type { CheckinAnswer } from "./modal-state.js";

// Each of the seed's five level descriptions ("Level N: People / Model Creation / Model Release /
// Application Integration"), answered in the check-in modal the way a member of such a team would.

export const LEVEL_1_CHECKED = [
  "automated_builds",
  "app_unit_tests",
  "automated_app_releases",
  "basic_integration_tests",
  "automated_data_pipeline",
];
export const LEVEL_2_CHECKED = [
  ...LEVEL_1_CHECKED,
  "managed_compute",
  "automated_training",
  "experiment_tracking",
  "model_versioning",
];
export const LEVEL_3_CHECKED = [
  ...LEVEL_2_CHECKED,
  "model_release_tests",
  "ab_testing",
  "data_traceability",
  "managed_environments",
];
export const LEVEL_4_CHECKED = [
  ...LEVEL_3_CHECKED,
  "production_model_metrics",
  "automated_retraining",
  "zero_downtime_releases",
];

export interface SeedLevel {
  level: 0 | 1 | 2 | 3 | 4;
  answer: CheckinAnswer;
  /** The next prerequisite status must name; null at level 4. */
  next: string | null;
}

export const SEED_LEVELS: readonly SeedLevel[] = [
  // Siloed roles, data gathered by hand, manual hand-off without version control, manual releases.
  {
    level: 0,
    answer: { people: "siloed", release: "manual_handoff", checked: [] },
    next: "automated_builds",
  },
  // People as level 0; pipeline gathers data; versioned scoring script handed off; app automated.
  {
    level: 1,
    answer: { people: "siloed", release: "scoring_script_versioned", checked: LEVEL_1_CHECKED },
    next: "ds_de_collaboration",
  },
  // DS work directly with DE; compute managed, experiments tracked, code and models versioned; tested script.
  {
    level: 2,
    answer: { people: "ds_de_collaboration", release: "tested_scoring_script", checked: LEVEL_2_CHECKED },
    next: "cross_role_integration",
  },
  // All three roles automate integration; CI/CD release; tests per model release; A/B; traceable; managed envs.
  {
    level: 3,
    answer: { people: "cross_role_integration", release: "cicd_model_release", checked: LEVEL_3_CHECKED },
    next: "all_roles_collaboration",
  },
  // All roles, with post-deployment metrics; verbose metrics; retraining from metrics; near-zero downtime.
  {
    level: 4,
    answer: { people: "all_roles_collaboration", release: "cicd_model_release", checked: LEVEL_4_CHECKED },
    next: null,
  },
];
