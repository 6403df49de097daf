import { describe, expect, it } from "vitest";
import type { PracticeEvidence } from "../../../src/domain/evidence.js";
import { levelEvidence, NO_ANSWER } from "../../../src/domain/evidence-level.js";
import type { CriterionId } from "../../../src/domain/rubric.js";
import { evidenceBlocks, verdictLine, verificationLine } from "../../../src/slack/views/evidence.js";
import { visibleText } from "../../support/messages.js";

const notebooks: PracticeEvidence = {
  criterion: "automated_training",
  verdict: "disputes",
  source: "mlflow",
  facts: "all 4 MLflow runs from notebooks or local scripts in 28 days",
  url: null,
};

describe("a verdict line", () => {
  it("says evidence disputes a practice the team says is in place", () => {
    expect(verdictLine(notebooks)).toBe(
      ":warning: MLflow disputes it: all 4 MLflow runs from notebooks or local scripts in 28 days",
    );
  });

  it("says evidence agrees, or shows it in place, when the team says it is not in place", () => {
    expect(verdictLine(notebooks, false)).toBe(
      ":ballot_box_with_check: MLflow agrees it is not in place: all 4 MLflow runs from notebooks or local scripts in 28 days",
    );
    expect(
      verdictLine({ ...notebooks, verdict: "supports", source: "github", facts: "3 scheduled runs" }, false),
    ).toBe(":bulb: GitHub shows it in place: 3 scheduled runs");
  });

  it("says only what the source shows where nobody's answer is beside it (/mlops evidence)", () => {
    expect(verdictLine(notebooks, null)).toBe(
      ":mag: MLflow shows it missing: all 4 MLflow runs from notebooks or local scripts in 28 days",
    );
    expect(verdictLine({ ...notebooks, verdict: "supports", facts: "3 JOB runs" }, null)).toBe(
      ":mag: MLflow shows it in place: 3 JOB runs",
    );
  });
});

describe("status's evidence blocks", () => {
  it("words a practice the team says does not apply by what the source shows, never as a dispute", () => {
    const verdicts = new Map<CriterionId, PracticeEvidence>([["automated_training", notebooks]]);
    const answer = {
      met: new Set<CriterionId>(["automated_training"]),
      notApplicable: new Set<CriterionId>(["automated_training"]),
    };
    const { evidence } = levelEvidence(answer, verdicts, "strict");
    expect(visibleText(evidenceBlocks(evidence, answer))).toBe(
      "*Model training is automated* (the team says it does not apply)\n:mag: MLflow shows it missing: all 4 MLflow runs from notebooks or local scripts in 28 days",
    );
  });
});

describe("the verification line", () => {
  const supported = new Map<CriterionId, PracticeEvidence>([
    ["automated_training", { ...notebooks, verdict: "supports" }],
  ]);

  it("counts the practices in place that evidence verifies", () => {
    const { evidence } = levelEvidence(
      { met: new Set(["automated_training", "experiment_tracking"]), notApplicable: new Map() },
      supported,
      "shown",
    );
    expect(verificationLine(evidence)).toBe("1 of 2 practices in place verified by evidence");
  });

  it("says there is nothing to verify yet when no practice is said to be in place (not '0 of 0')", () => {
    const { evidence } = levelEvidence(NO_ANSWER, supported, "shown");
    expect(verificationLine(evidence)).toBe(
      "no practice is said to be in place yet, so evidence has nothing to verify",
    );
  });
});
