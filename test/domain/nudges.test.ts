import { describe, expect, it } from "vitest";
import type { TeamAnswer } from "../../src/domain/aggregate.js";
import {
  adviceFor,
  firstMissingReleaseRung,
  NUDGE_ADVICE,
  NUDGE_KINDS,
  type Nudge,
  nudgesFor,
  releaseRungs,
} from "../../src/domain/nudges.js";
import { CRITERION_IDS, type CriterionId, type Level } from "../../src/domain/rubric.js";
import { upTo } from "../support/rounds.js";

function teamAnswer(met: Iterable<CriterionId>, respondents = 1): TeamAnswer {
  return { respondents, met: new Set(met), disputed: new Set(), notApplicable: new Map() };
}

function allBut(...missing: CriterionId[]): CriterionId[] {
  return CRITERION_IDS.filter((id) => !missing.includes(id));
}

function nudgeKinds(nudges: Nudge[]): string[] {
  return nudges.map((n) => n.kind);
}

/** Exactly the criteria of levels 1..level. */

const LEVEL_2 = upTo(2);

describe("firstMissingReleaseRung", () => {
  it("walks automate app releases → version → test → CI/CD", () => {
    expect(releaseRungs).toEqual([
      "automated_app_releases",
      "scoring_script_versioned",
      "tested_scoring_script",
      "cicd_model_release",
    ]);
    expect(firstMissingReleaseRung(new Set())).toBe("automated_app_releases");
    expect(firstMissingReleaseRung(new Set(["automated_app_releases"]))).toBe("scoring_script_versioned");
    expect(
      firstMissingReleaseRung(
        new Set(["automated_app_releases", "scoring_script_versioned", "cicd_model_release"]),
      ),
    ).toBe("tested_scoring_script");
    expect(firstMissingReleaseRung(new Set(releaseRungs))).toBeNull();
  });
});

describe("nudgesFor", () => {
  it("sends only a missed check-in when the round closed without answers", () => {
    expect(nudgesFor({ answer: null, previousLevel: 3 })).toEqual([{ kind: "missed_checkin" }]);
    expect(nudgesFor({ answer: teamAnswer([], 0), previousLevel: null })).toEqual([
      { kind: "missed_checkin" },
    ]);
  });

  it("sends nothing to a team at level 4 that did not regress", () => {
    expect(nudgesFor({ answer: teamAnswer(CRITERION_IDS), previousLevel: 4 })).toEqual([]);
  });

  it("nudges a siloed level-0 team about roles and about releases from the first rung", () => {
    expect(nudgesFor({ answer: teamAnswer([]), previousLevel: null })).toEqual([
      { kind: "siloed_roles", workOn: "ds_de_collaboration" },
      {
        kind: "manual_releases",
        firstMissing: "automated_app_releases",
        remaining: ["scoring_script_versioned", "tested_scoring_script", "cicd_model_release"],
      },
    ]);
  });

  it("nudges about siloed roles when the People answer is siloed, even far from level 2", () => {
    const nudges = nudgesFor({ answer: teamAnswer(allBut("ds_de_collaboration")), previousLevel: null });
    expect(nudges).toContainEqual({ kind: "siloed_roles", workOn: "ds_de_collaboration" });
  });

  it("nudges about roles when the next prerequisite is a people criterion", () => {
    const atLevel2 = teamAnswer([...LEVEL_2, "cicd_model_release"]);
    expect(nudgesFor({ answer: atLevel2, previousLevel: 2 })).toEqual([
      { kind: "siloed_roles", workOn: "cross_role_integration" },
    ]);
    const atLevel3 = teamAnswer(allBut("all_roles_collaboration"));
    expect(nudgesFor({ answer: atLevel3, previousLevel: 3 })).toEqual([
      { kind: "siloed_roles", workOn: "all_roles_collaboration" },
    ]);
  });

  it("does not nudge about roles when people are fine and the next prerequisite is elsewhere", () => {
    const nudges = nudgesFor({ answer: teamAnswer(allBut("ab_testing")), previousLevel: 2 });
    expect(nudges).toEqual([]);
  });

  it("nudges about manual releases when app releases are manual, naming that rung first", () => {
    const nudges = nudgesFor({ answer: teamAnswer(allBut("automated_app_releases")), previousLevel: null });
    expect(nudges).toEqual([
      { kind: "manual_releases", firstMissing: "automated_app_releases", remaining: [] },
    ]);
  });

  it("nudges about manual releases when models are not released by CI/CD", () => {
    const nudges = nudgesFor({ answer: teamAnswer(LEVEL_2), previousLevel: 2 });
    expect(nudges).toContainEqual({
      kind: "manual_releases",
      firstMissing: "cicd_model_release",
      remaining: [],
    });
  });

  it("lists only the unmet rungs after the first missing one", () => {
    const met: CriterionId[] = ["automated_app_releases", "tested_scoring_script"];
    const nudges = nudgesFor({ answer: teamAnswer(met), previousLevel: null });
    expect(nudges).toContainEqual({
      kind: "manual_releases",
      firstMissing: "scoring_script_versioned",
      remaining: ["cicd_model_release"],
    });
  });

  it.each([
    { previousLevel: 3, level: 2, nudged: true },
    { previousLevel: 4, level: 0, nudged: true },
    { previousLevel: 2, level: 2, nudged: false },
    { previousLevel: 1, level: 2, nudged: false },
    { previousLevel: null, level: 0, nudged: false },
  ] satisfies { previousLevel: Level | null; level: Level; nudged: boolean }[])(
    "regression from $previousLevel to $level: $nudged",
    ({ previousLevel, level, nudged }) => {
      const nudges = nudgesFor({ answer: teamAnswer(upTo(level)), previousLevel });
      const regression = nudges.filter((n) => n.kind === "regression");
      expect(regression).toEqual(nudged ? [{ kind: "regression", from: previousLevel, to: level }] : []);
    },
  );

  it("lists nudges in the order of NUDGE_KINDS", () => {
    const nudges = nudgesFor({ answer: teamAnswer(upTo(1)), previousLevel: 3 });
    expect(nudgeKinds(nudges)).toEqual(["siloed_roles", "manual_releases", "regression"]);
    expect(NUDGE_KINDS).toEqual([
      "siloed_roles",
      "manual_releases",
      "regression",
      "missed_checkin",
      "practice_lost",
    ]);
  });
});

describe("advice", () => {
  it("ties manual-release advice to the first missing rung", () => {
    const nudge: Nudge = { kind: "manual_releases", firstMissing: "tested_scoring_script", remaining: [] };
    expect(adviceFor(nudge).title).toBe("Add tests to the scoring script");
    expect(adviceFor(nudge).text).toMatch(/CI\/CD/);
  });

  it("ties siloed-roles advice to the people rung to work on", () => {
    expect(adviceFor({ kind: "siloed_roles", workOn: "ds_de_collaboration" }).text).toMatch(/data engineer/);
    expect(adviceFor({ kind: "siloed_roles", workOn: "cross_role_integration" }).text).toMatch(
      /software engineers/,
    );
  });

  it("has a title and short text for every kind and rung", () => {
    const all = [
      ...Object.values(NUDGE_ADVICE.siloed_roles),
      ...Object.values(NUDGE_ADVICE.manual_releases),
      NUDGE_ADVICE.regression,
      NUDGE_ADVICE.missed_checkin,
    ];
    expect(all).toHaveLength(9);
    for (const { title, text } of all) {
      expect(title.length).toBeGreaterThan(0);
      expect(text.length).toBeGreaterThan(0);
      expect(title.length + text.length).toBeLessThanOrEqual(2000);
      expect(text.split(/[.?!](?:\s|$)/).filter(Boolean).length).toBeLessThanOrEqual(3);
    }
    expect(Object.keys(NUDGE_ADVICE.manual_releases)).toEqual([...releaseRungs]);
  });
});
