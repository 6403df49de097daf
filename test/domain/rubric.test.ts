import { describe, expect, it } from "vitest";
import {
  CHECKBOX_CRITERIA,
  CRITERIA,
  CRITERION_IDS,
  type CriterionId,
  criterion,
  DIMENSIONS,
  dimensionLabel,
  isCriterionId,
  LADDER_CRITERIA,
  LADDERS,
  LEVELS,
  ladderChoice,
  ladderMet,
  levelInfo,
} from "../../src/domain/rubric.js";

// Copied from the table in docs/maturity-model.md: the ids are a public contract.
const SPEC_TABLE: [CriterionId, number, string][] = [
  ["automated_builds", 1, "application"],
  ["app_unit_tests", 1, "application"],
  ["automated_app_releases", 1, "application"],
  ["basic_integration_tests", 1, "application"],
  ["automated_data_pipeline", 1, "model_creation"],
  ["scoring_script_versioned", 1, "model_release"],
  ["ds_de_collaboration", 2, "people"],
  ["managed_compute", 2, "model_creation"],
  ["automated_training", 2, "model_creation"],
  ["experiment_tracking", 2, "model_creation"],
  ["model_versioning", 2, "model_creation"],
  ["tested_scoring_script", 2, "model_release"],
  ["cross_role_integration", 3, "people"],
  ["cicd_model_release", 3, "model_release"],
  ["model_release_tests", 3, "application"],
  ["ab_testing", 3, "model_release"],
  ["data_traceability", 3, "model_creation"],
  ["managed_environments", 3, "model_release"],
  ["all_roles_collaboration", 4, "people"],
  ["production_model_metrics", 4, "application"],
  ["automated_retraining", 4, "model_creation"],
  ["zero_downtime_releases", 4, "model_release"],
];

describe("levels", () => {
  it("uses the spec's names for levels 0 to 4", () => {
    expect(LEVELS.map((l) => [l.level, l.name])).toEqual([
      [0, "No MLOps"],
      [1, "DevOps but no MLOps"],
      [2, "Automated Training"],
      [3, "Automated Model Deployment"],
      [4, "Full MLOps Automated Operations"],
    ]);
  });

  it("gives every level a one-sentence summary", () => {
    for (const { summary } of LEVELS) {
      expect(summary).toMatch(/^[A-Z][^.]*\.$/);
    }
  });

  it("looks a level up by number", () => {
    expect(levelInfo(3).name).toBe("Automated Model Deployment");
  });
});

describe("dimensions", () => {
  it("labels the four dimensions of the seed", () => {
    expect(DIMENSIONS.map((d) => d.label)).toEqual([
      "People",
      "Model creation",
      "Model release",
      "Application integration",
    ]);
    expect(dimensionLabel("application")).toBe("Application integration");
  });
});

describe("criteria", () => {
  it("matches the spec's ids, order, levels and dimensions", () => {
    expect(CRITERIA.map((c) => [c.id, c.level, c.dimension])).toEqual(SPEC_TABLE);
    expect([...CRITERION_IDS]).toEqual(SPEC_TABLE.map(([id]) => id));
  });

  it("keeps texts within Slack's limits", () => {
    for (const c of CRITERIA) {
      expect(c.title.length, c.id).toBeLessThanOrEqual(75);
      expect(c.description.length, c.id).toBeLessThanOrEqual(75);
      expect(c.why.length, c.id).toBeLessThanOrEqual(150);
      expect(c.title.length * c.description.length * c.why.length, c.id).toBeGreaterThan(0);
    }
  });

  it("has no two criteria with the same title", () => {
    expect(new Set(CRITERIA.map((c) => c.title)).size).toBe(22);
  });

  it("looks a criterion up by id", () => {
    expect(criterion("ab_testing")).toMatchObject({ level: 3, dimension: "model_release" });
  });

  it("recognises only the rubric's ids", () => {
    expect(isCriterionId("managed_compute")).toBe(true);
    expect(isCriterionId("siloed")).toBe(false);
    expect(isCriterionId("Managed_compute")).toBe(false);
    expect(isCriterionId("")).toBe(false);
  });

  it("splits the 22 criteria into 6 ladder rungs and 16 checkboxes", () => {
    expect(LADDER_CRITERIA).toEqual([
      "scoring_script_versioned",
      "ds_de_collaboration",
      "tested_scoring_script",
      "cross_role_integration",
      "cicd_model_release",
      "all_roles_collaboration",
    ]);
    expect(CHECKBOX_CRITERIA).toHaveLength(16);
    expect(CHECKBOX_CRITERIA[0]).toBe("automated_builds");
    expect(CHECKBOX_CRITERIA).not.toContain("ds_de_collaboration");
    expect(new Set([...LADDER_CRITERIA, ...CHECKBOX_CRITERIA]).size).toBe(22);
  });
});

describe("ladders", () => {
  const { people, release } = LADDERS;

  it("offers the spec's option values", () => {
    expect([people.none, ...people.rungs.map((r) => r.id)]).toEqual([
      "siloed",
      "ds_de_collaboration",
      "cross_role_integration",
      "all_roles_collaboration",
    ]);
    expect([release.none, ...release.rungs.map((r) => r.id)]).toEqual([
      "manual_handoff",
      "scoring_script_versioned",
      "tested_scoring_script",
      "cicd_model_release",
    ]);
  });

  it("keeps option labels within Slack's 75 characters", () => {
    for (const ladder of [people, release]) {
      for (const label of [ladder.noneLabel, ...ladder.rungs.map((r) => r.label)]) {
        expect(label.length, label).toBeLessThanOrEqual(75);
      }
    }
  });

  it("meets a chosen rung and every rung below it", () => {
    expect(ladderMet(people, "siloed")).toEqual([]);
    expect(ladderMet(people, "ds_de_collaboration")).toEqual(["ds_de_collaboration"]);
    expect(ladderMet(people, "all_roles_collaboration")).toEqual([
      "ds_de_collaboration",
      "cross_role_integration",
      "all_roles_collaboration",
    ]);
    expect(ladderMet(release, "tested_scoring_script")).toEqual([
      "scoring_script_versioned",
      "tested_scoring_script",
    ]);
  });

  it("rejects values that are not options of that ladder", () => {
    expect(ladderMet(people, "manual_handoff")).toBeNull();
    expect(ladderMet(release, "ds_de_collaboration")).toBeNull();
    expect(ladderMet(release, "automated_builds")).toBeNull();
  });

  it("pre-fills the highest rung reached without a gap", () => {
    expect(ladderChoice(people, new Set())).toBe("siloed");
    expect(ladderChoice(people, new Set(["ds_de_collaboration", "cross_role_integration"]))).toBe(
      "cross_role_integration",
    );
    expect(ladderChoice(release, new Set(["tested_scoring_script", "cicd_model_release"]))).toBe(
      "manual_handoff",
    );
    expect(ladderChoice(release, new Set(["scoring_script_versioned", "cicd_model_release"]))).toBe(
      "scoring_script_versioned",
    );
  });

  it("round-trips every option", () => {
    for (const ladder of [people, release]) {
      for (const choice of [ladder.none, ...ladder.rungs.map((r) => r.id)]) {
        expect(ladderChoice(ladder, new Set(ladderMet(ladder, choice)))).toBe(choice);
      }
    }
  });
});

describe("why a practice matters", () => {
  it("speaks of the level the practice unlocks, never of a level below it", () => {
    for (const c of CRITERIA) {
      const lower = [...c.why.matchAll(/level (\d)/gi)].map((m) => Number(m[1])).filter((n) => n < c.level);
      expect({ id: c.id, lower }).toEqual({ id: c.id, lower: [] });
    }
  });
});
