import { describe, expect, it } from "vitest";
import { type ClosedRound, practicesLost } from "../../src/domain/digest.js";
import { groupRollup, medianLevel } from "../../src/domain/group-rollup.js";
import type { CriterionId, Level } from "../../src/domain/rubric.js";

const round = (period: string, level: Level | null, met: CriterionId[] = []): ClosedRound => ({
  period,
  prompted: true,
  answered: level === null ? 0 : 1,
  expected: 1,
  away: 0,
  level,
  met,
  disputed: [],
  notApplicable: new Map(),
  closedAt: new Date(`${period}T12:00:00Z`),
});

describe("group roll-up", () => {
  it("takes the lower middle level as the median, and none without levels", () => {
    expect(medianLevel([0, 1, 2, 0, 0])).toBe(2);
    expect(medianLevel([1, 1, 0, 0, 0])).toBe(0);
    expect(medianLevel([0, 0, 0, 0, 0])).toBeNull();
  });

  it("finds practices lost against the latest earlier round with answers, never against a silent round", () => {
    const before = round("2026-03-02", 1, ["automated_builds", "managed_compute"]);
    expect(
      practicesLost([round("2026-03-16", 1, ["automated_builds"]), round("2026-03-09", null), before]),
    ).toEqual(["managed_compute"]);
    expect(practicesLost([round("2026-03-16", null), before])).toEqual([]);
  });

  it("moves a team by its level four rounds back, not by its last round alone", () => {
    const history = [
      round("2026-03-30", 2),
      round("2026-03-23", 2),
      round("2026-03-16", 1),
      round("2026-03-09", 1),
      round("2026-03-02", 0),
      round("2026-02-23", 4),
    ];
    const rollup = groupRollup([{ id: 1, name: "A", channelId: "CA", history }]);
    expect(rollup.movers).toEqual([{ id: 1, name: "A", channelId: "CA", from: 0, to: 2 }]);
  });
});
