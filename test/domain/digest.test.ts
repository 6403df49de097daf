import { describe, expect, it } from "vitest";
import { closeRound, lostCriteria, roundNudges, teamDigestData } from "../../src/domain/digest.js";
import { evaluate } from "../../src/domain/evaluate.js";
import type { Level } from "../../src/domain/rubric.js";
import { closedRound, stored, upTo } from "../support/rounds.js";

describe("closeRound", () => {
  it("aggregates the answers into the level, met and disputed criteria", () => {
    const result = closeRound([stored(upTo(2)), stored(upTo(1))]);
    expect(result.level).toBe(1);
    expect(result.met).toEqual(upTo(1));
    // A 1–1 split is disputed and not met.
    expect(result.disputed).toEqual(upTo(2).filter((id) => !upTo(1).includes(id)));
  });

  it("has no level when nobody answered", () => {
    expect(closeRound([])).toEqual({ level: null, met: [], notApplicable: new Map(), disputed: [] });
  });
});

describe("teamDigestData", () => {
  it("shows the level, the change since the last round with answers, roles, next and disputed", () => {
    const history = [
      closedRound("2026-03-23", 2, { answered: 2, expected: 3, disputed: ["managed_compute"] }),
      closedRound("2026-03-16", null),
      closedRound("2026-03-09", 1),
    ];
    const data = teamDigestData(history, ["data_scientist", "data_scientist", null]);
    expect(data).toMatchObject({
      period: "2026-03-23",
      level: 2,
      previous: { from: 1, fromPeriod: "2026-03-09" },
      answered: 2,
      expected: 3,
      next: "cross_role_integration",
      disputed: ["managed_compute"],
      trend: [
        { period: "2026-03-09", level: 1 },
        { period: "2026-03-16", level: null },
        { period: "2026-03-23", level: 2 },
      ],
    });
    expect(data.roles).toEqual([
      { role: "data_scientist", count: 2 },
      { role: null, count: 1 },
    ]);
  });

  it("under strict, moves from and draws earlier rounds at their strict levels, as the org digest counts them", () => {
    const history = [
      closedRound("2026-03-23", 1),
      closedRound("2026-03-16", 1),
      closedRound("2026-03-09", 1),
    ];
    const strictLevels = new Map([["2026-03-16", evaluate(new Set(upTo(0)))]]);
    const data = teamDigestData(history, [], [], null, strictLevels);
    expect(data.previous).toEqual({ from: 0, fromPeriod: "2026-03-16" });
    expect(data.trend.map((p) => p.level)).toEqual([1, 0, 1]);
  });

  it("keeps the trend to the last twelve rounds, oldest first", () => {
    const history = Array.from({ length: 15 }, (_, i) =>
      closedRound(`2026-01-${String(30 - i).padStart(2, "0")}`, (i % 5) as Level),
    );
    const data = teamDigestData(history, []);
    expect(data.trend.map((p) => p.level)).toEqual([1, 0, 4, 3, 2, 1, 0, 4, 3, 2, 1, 0]);
    expect(data.trend[0]?.period).toBe("2026-01-19");
  });
});

describe("roundNudges", () => {
  it("asks a seed Level 1 team to stop working in silos and to automate model releases", () => {
    const nudges = roundNudges([closedRound("2026-03-23", 1)]);
    expect(nudges.map((n) => n.kind)).toEqual(["siloed_roles", "manual_releases"]);
    expect(nudges[1]).toMatchObject({
      firstMissing: "tested_scoring_script",
      remaining: ["cicd_model_release"],
    });
  });

  it("notices a regression against the last round that had answers", () => {
    const nudges = roundNudges([
      closedRound("2026-03-23", 1),
      closedRound("2026-03-16", null),
      closedRound("2026-03-09", 2),
    ]);
    expect(nudges.find((n) => n.kind === "regression")).toEqual({ kind: "regression", from: 2, to: 1 });
  });

  it("counts a prompted round without answers as missed, and an unprompted one not at all", () => {
    expect(roundNudges([closedRound("2026-03-23", null)]).map((n) => n.kind)).toEqual(["missed_checkin"]);
    expect(roundNudges([closedRound("2026-03-23", null, { prompted: false })])).toEqual([]);
  });

  it("does not call a round missed when someone answered without a prompt", () => {
    const kinds = roundNudges([closedRound("2026-03-23", 1, { prompted: false })]).map((n) => n.kind);
    expect(kinds).not.toContain("missed_checkin");
    expect(kinds).toContain("siloed_roles");
  });
});

describe("lostCriteria", () => {
  it("lists what was met before and is not any more, in rubric order", () => {
    expect(lostCriteria(closedRound("a", 2), closedRound("b", 1))).toEqual(
      upTo(2).filter((id) => !upTo(1).includes(id)),
    );
  });
});
