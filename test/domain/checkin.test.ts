import { describe, expect, it } from "vitest";
import { choicesFor, metByChoices } from "../../src/domain/checkin.js";
import { CHECKBOX_CRITERIA, CRITERION_IDS, type CriterionId } from "../../src/domain/rubric.js";

describe("metByChoices", () => {
  it("expands each ladder rung to the rungs below it and adds the ticked criteria, in spec order", () => {
    expect(
      metByChoices({
        ladders: { people: "cross_role_integration", release: "scoring_script_versioned" },
        checked: ["ab_testing", "automated_builds"],
      }),
    ).toEqual([
      "automated_builds",
      "scoring_script_versioned",
      "ds_de_collaboration",
      "cross_role_integration",
      "ab_testing",
    ]);
  });

  it("meets nothing for the none values", () => {
    expect(metByChoices({ ladders: { people: "siloed", release: "manual_handoff" }, checked: [] })).toEqual(
      [],
    );
  });

  it("rejects a ladder value that is not a rung of that ladder", () => {
    expect(
      metByChoices({ ladders: { people: "cicd_model_release", release: "manual_handoff" }, checked: [] }),
    ).toBeNull();
    expect(metByChoices({ ladders: { people: "siloed", release: "siloed" }, checked: [] })).toBeNull();
  });
});

describe("choicesFor", () => {
  it("round-trips every answer the modal can express", () => {
    const all = new Set<CriterionId>(CRITERION_IDS);
    expect(metByChoices(choicesFor(all))).toEqual([...CRITERION_IDS]);
    expect(choicesFor(all).checked).toEqual([...CHECKBOX_CRITERIA]);
    expect(metByChoices(choicesFor(new Set()))).toEqual([]);
  });

  it("pre-fills the highest rung reached without a gap", () => {
    const choices = choicesFor(
      new Set<CriterionId>(["ds_de_collaboration", "all_roles_collaboration", "tested_scoring_script"]),
    );
    expect(choices.ladders).toEqual({ people: "ds_de_collaboration", release: "manual_handoff" });
  });
});
