import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/domain/evaluate.js";
import { CRITERION_IDS, type CriterionId } from "../../src/domain/rubric.js";

// Each fixture reads one level of the seed ("Level N: ...") as the set of practices it describes.
const SEED_LEVEL_0: CriterionId[] = [];

// Level 1: data pipeline, versioned scoring script handed off, basic integration tests,
// automated releases, unit tests for application code; table: automated builds. People as level 0.
const SEED_LEVEL_1: CriterionId[] = [
  "automated_data_pipeline",
  "scoring_script_versioned",
  "basic_integration_tests",
  "automated_app_releases",
  "app_unit_tests",
  "automated_builds",
];

// Level 2: DS work directly with DE, compute managed, experiments tracked, code and models
// versioned, scoring script tested and released by software engineering; table: automated training.
const SEED_LEVEL_2: CriterionId[] = [
  ...SEED_LEVEL_1,
  "ds_de_collaboration",
  "managed_compute",
  "experiment_tracking",
  "model_versioning",
  "tested_scoring_script",
  "automated_training",
];

// Level 3: all roles automate model integration, CI/CD release, tests per model release;
// table: A/B testing, traceability to the original data, whole environment managed.
const SEED_LEVEL_3: CriterionId[] = [
  ...SEED_LEVEL_2,
  "cross_role_integration",
  "cicd_model_release",
  "model_release_tests",
  "ab_testing",
  "data_traceability",
  "managed_environments",
];

// Level 4: software engineers gather post-deployment metrics, retraining triggered by production
// metrics; table: verbose centralized metrics from deployed models, approaching zero downtime.
const SEED_LEVEL_4: CriterionId[] = [
  ...SEED_LEVEL_3,
  "all_roles_collaboration",
  "automated_retraining",
  "production_model_metrics",
  "zero_downtime_releases",
];

function without(ids: CriterionId[], missing: CriterionId): Set<CriterionId> {
  return new Set(ids.filter((id) => id !== missing));
}

describe("evaluate — the seed's level descriptions", () => {
  it.each([
    { level: 0, met: SEED_LEVEL_0, next: "automated_builds" },
    { level: 1, met: SEED_LEVEL_1, next: "ds_de_collaboration" },
    { level: 2, met: SEED_LEVEL_2, next: "cross_role_integration" },
    { level: 3, met: SEED_LEVEL_3, next: "all_roles_collaboration" },
    { level: 4, met: SEED_LEVEL_4, next: null },
  ])("a team as described at level $level is at level $level", ({ level, met, next }) => {
    const result = evaluate(new Set(met));
    expect(result.level).toBe(level);
    expect(result.next).toBe(next);
    expect(result.aheadOfLevel).toEqual([]);
  });
});

describe("evaluate — level boundaries", () => {
  it("puts a team with nothing met at level 0", () => {
    expect(evaluate(new Set())).toEqual({
      level: 0,
      next: "automated_builds",
      aheadOfLevel: [],
      progress: [
        { level: 1, met: 0, total: 6 },
        { level: 2, met: 0, total: 6 },
        { level: 3, met: 0, total: 6 },
        { level: 4, met: 0, total: 4 },
      ],
    });
  });

  it("puts a team with everything met at level 4 with no next prerequisite", () => {
    const result = evaluate(new Set(CRITERION_IDS));
    expect(result.level).toBe(4);
    expect(result.next).toBeNull();
    expect(result.progress.map((p) => p.met)).toEqual([6, 6, 6, 4]);
  });

  it.each([
    { level: 0, met: SEED_LEVEL_1, missing: "scoring_script_versioned", next: "scoring_script_versioned" },
    { level: 1, met: SEED_LEVEL_2, missing: "tested_scoring_script", next: "tested_scoring_script" },
    { level: 2, met: SEED_LEVEL_3, missing: "managed_environments", next: "managed_environments" },
    { level: 3, met: SEED_LEVEL_4, missing: "zero_downtime_releases", next: "zero_downtime_releases" },
  ] satisfies { level: number; met: CriterionId[]; missing: CriterionId; next: CriterionId }[])(
    "stays at level $level when the last criterion of the level above is missing",
    ({ level, met, missing, next }) => {
      const result = evaluate(without(met, missing));
      expect(result.level).toBe(level);
      expect(result.next).toBe(next);
    },
  );

  it("names the first unmet criterion of the next level, in spec order", () => {
    const met = without(SEED_LEVEL_2, "managed_compute");
    met.delete("model_versioning");
    expect(evaluate(met)).toMatchObject({ level: 1, next: "managed_compute" });
  });
});

describe("evaluate — hierarchy of needs", () => {
  it("does not count higher practices while a lower one is missing", () => {
    const met = without(SEED_LEVEL_4, "app_unit_tests");
    const result = evaluate(met);
    expect(result.level).toBe(0);
    expect(result.next).toBe("app_unit_tests");
    expect(result.aheadOfLevel).toEqual(CRITERION_IDS.filter((id) => id !== "app_unit_tests"));
    expect(result.aheadOfLevel).toHaveLength(21);
  });

  it("lists met practices above the level in spec order", () => {
    const met = new Set<CriterionId>([
      ...SEED_LEVEL_1,
      "zero_downtime_releases",
      "ab_testing",
      "managed_compute",
    ]);
    const result = evaluate(met);
    expect(result.level).toBe(1);
    expect(result.next).toBe("ds_de_collaboration");
    expect(result.aheadOfLevel).toEqual(["managed_compute", "ab_testing", "zero_downtime_releases"]);
  });

  it("reports progress per level regardless of the hierarchy", () => {
    const met = new Set<CriterionId>([
      "automated_builds",
      "ab_testing",
      "data_traceability",
      "automated_retraining",
    ]);
    expect(evaluate(met).progress).toEqual([
      { level: 1, met: 1, total: 6 },
      { level: 2, met: 0, total: 6 },
      { level: 3, met: 2, total: 6 },
      { level: 4, met: 1, total: 4 },
    ]);
  });
});
