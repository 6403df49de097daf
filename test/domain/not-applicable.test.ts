import { describe, expect, it } from "vitest";
import { aggregate } from "../../src/domain/aggregate.js";
import { evaluate } from "../../src/domain/evaluate.js";
import { teamHistory } from "../../src/domain/history.js";
import { exemptionsOf, respondentAnswer, storedAnswer } from "../../src/domain/not-applicable.js";
import { roundResult } from "../../src/domain/round-result.js";
import type { CriterionId } from "../../src/domain/rubric.js";
import { closedRound, stored, upTo } from "../support/rounds.js";

const withoutAb = upTo(3).filter((id) => id !== "ab_testing");
const na = (reason: string) => new Map<CriterionId, string>([["ab_testing", reason]]);

describe("practices not applicable", () => {
  it("exempts a practice when more than half of the respondents say so, and counts it as in place", () => {
    const sets = [new Set(withoutAb), new Set(withoutAb), new Set(withoutAb)];
    const team = aggregate(sets, [na("batch scoring only"), na("batch scoring only"), new Map()]);
    expect([...team.notApplicable]).toEqual([["ab_testing", ["batch scoring only"]]]);
    expect(team.met.has("ab_testing")).toBe(true);
    expect(team.disputed.has("ab_testing")).toBe(false);
    expect(evaluate(team.met).level).toBe(3);
  });

  it("does not exempt on a tie: the practice is then simply missing", () => {
    const sets = [new Set(withoutAb), new Set(withoutAb)];
    const team = aggregate(sets, [na("batch scoring only"), new Map()]);
    expect(team.notApplicable.size).toBe(0);
    expect(team.met.has("ab_testing")).toBe(false);
    expect(evaluate(team.met).level).toBe(2);
  });

  it("keeps each distinct reason, and never lets a ladder rung be exempted", () => {
    const answers = [
      storedAnswer(withoutAb, na("batch scoring only")),
      storedAnswer(withoutAb, na("no online traffic, only nightly runs: 100%")),
      stored(withoutAb, { cicd_model_release: "manual is fine" }),
    ];
    const result = roundResult(answers);
    expect(result.notApplicable.get("ab_testing")).toEqual([
      "batch scoring only",
      "no online traffic, only nightly runs: 100%",
    ]);
    expect(result.notApplicable.has("cicd_model_release")).toBe(false);
    expect(respondentAnswer(stored(withoutAb, { cicd_model_release: "manual" })).notApplicable.size).toBe(0);
    expect(exemptionsOf({ cicd_model_release: ["manual"], ab_testing: "not a list" }).size).toBe(0);
  });

  it("reads a practice both ticked and marked not applicable as not applicable", () => {
    const answer = respondentAnswer(stored(["ab_testing"], { ab_testing: "batch" }));
    expect(answer.met.has("ab_testing")).toBe(false);
    expect(answer.notApplicable.get("ab_testing")).toBe("batch");
  });

  it("shows a practice newly counted as not applicable as such in history, never as gained", () => {
    const before = closedRound("2026-11-16", 2, { met: withoutAb });
    const after = closedRound("2026-11-23", 3, {
      notApplicable: new Map([["ab_testing", ["batch scoring only"]]]),
    });
    const history = teamHistory([after, before]);
    expect(history.changes).toEqual([
      { period: "2026-11-23", gained: [], lost: [], exempted: ["ab_testing"] },
    ]);
    expect([...history.notApplicable]).toEqual([["ab_testing", ["batch scoring only"]]]);
  });
});
