import { describe, expect, it } from "vitest";
import { addDays } from "../../src/domain/calendar.js";
import type { ClosedRound } from "../../src/domain/digest.js";
import { HISTORY_ROUNDS, teamHistory } from "../../src/domain/history.js";
import { CRITERIA, type CriterionId, type Level } from "../../src/domain/rubric.js";
import { closedRound, upTo } from "../support/rounds.js";

/** Weekly closed rounds from 2026-01-05, given oldest first; returned newest first as the history reads them. */
function weekly(rounds: readonly (Partial<ClosedRound> & { level: Level | null })[]): ClosedRound[] {
  return rounds.map((r, i) => closedRound(addDays("2026-01-05", 7 * i), r.level, r)).reverse();
}

const LEVEL_2 = CRITERIA.filter((c) => c.level === 2).map((c) => c.id);
/** Level 1 and the first `n` practices of level 2. */
const level1Plus = (n: number): CriterionId[] => [...upTo(1), ...LEVEL_2.slice(0, n)];

describe("teamHistory", () => {
  it("has nothing to say before any answers, and says so", () => {
    const history = teamHistory(weekly([{ level: null }, { level: null }]));
    expect(history).toMatchObject({ levels: [], current: null, highest: null, changes: [] });
    expect(history.estimate).toEqual({ kind: "not-enough-history", rounds: 0 });
    expect(history.participation).toEqual([
      { period: "2026-01-05", answered: 0, expected: 2 },
      { period: "2026-01-12", answered: 0, expected: 2 },
    ]);
  });

  it("follows a climb with a regression: levels in order, since when, the highest, gains and losses", () => {
    const history = teamHistory(
      weekly([
        { level: 0, met: [] },
        { level: 1 },
        { level: 2 },
        { level: null },
        { level: 1, met: upTo(2).filter((id) => id !== "automated_training") },
        { level: 2 },
      ]),
    );
    expect(history.levels.map((p) => p.level)).toEqual([0, 1, 2, 1, 2]);
    expect(history.levels[0]?.period).toBe("2026-01-05");
    expect(history.current).toEqual({ level: 2, since: "2026-02-09" });
    expect(history.highest).toEqual({ level: 2, reached: "2026-01-19" });
    expect(history.changes).toEqual([
      { period: "2026-02-09", gained: ["automated_training"], lost: [], exempted: [] },
      { period: "2026-02-02", gained: [], lost: ["automated_training"], exempted: [] },
      { period: "2026-01-19", gained: LEVEL_2, lost: [], exempted: [] },
      { period: "2026-01-12", gained: upTo(1), lost: [], exempted: [] },
    ]);
    // The round nobody answered was asked, so it counts as 0 of 2.
    expect(history.participation.map((p) => p.answered)).toEqual([2, 2, 2, 0, 2, 2]);
  });

  it("lists participation over the rounds the chart shows, not over older rounds without answers", () => {
    const history = teamHistory(
      weekly([{ level: null }, ...Array.from({ length: HISTORY_ROUNDS }, () => ({ level: 1 as Level }))]),
    );
    expect(history.levels).toHaveLength(HISTORY_ROUNDS);
    expect(history.participation).toHaveLength(HISTORY_ROUNDS);
    expect(history.participation[0]?.period).toBe(history.levels[0]?.period);
  });

  it("counts an unbroken run at the level across rounds nobody answered", () => {
    const history = teamHistory(weekly([{ level: 0, met: [] }, { level: 1 }, { level: null }, { level: 1 }]));
    expect(history.current).toEqual({ level: 1, since: "2026-01-12" });
  });

  it("shows the last 26 rounds with answers, but knows when the level was first reached before them", () => {
    const history = teamHistory(weekly(Array.from({ length: 30 }, () => ({ level: 1 as Level }))));
    expect(history.levels).toHaveLength(HISTORY_ROUNDS);
    expect(history.levels[0]?.period).toBe(addDays("2026-01-05", 7 * 4));
    expect(history.current?.since).toBe("2026-01-05");
    expect(history.highest?.reached).toBe("2026-01-05");
  });
});

describe("the time-to-next-level estimate", () => {
  it("at a practice a round, three practices to go take about three rounds", () => {
    const rounds = [0, 1, 2, 3].map((n) => ({ level: 1 as Level, met: level1Plus(n) }));
    expect(teamHistory(weekly(rounds)).estimate).toEqual({
      kind: "estimate",
      target: 2,
      missing: 3,
      pace: { practicesPerRound: 1 },
      rounds: 3,
    });
  });

  it("reads a slow pace as rounds per practice, over the last 8 rounds with answers only", () => {
    // Ten rounds: the first two gained a lot, the last eight gained two practices in seven rounds.
    const met = [[], upTo(1), ...[0, 0, 0, 1, 1, 1, 2, 2].map(level1Plus)];
    const rounds = met.map((m, i) => ({ level: (i === 0 ? 0 : 1) as Level, met: m }));
    expect(teamHistory(weekly(rounds)).estimate).toEqual({
      kind: "estimate",
      target: 2,
      missing: 4,
      pace: { roundsPerPractice: 4 },
      rounds: 16,
    });
  });

  it("says why there is none: too few rounds, no recent gains, or nothing left to reach", () => {
    const three = [0, 1, 2].map((n) => ({ level: 1 as Level, met: level1Plus(n) }));
    expect(teamHistory(weekly(three)).estimate).toEqual({ kind: "not-enough-history", rounds: 3 });
    const flat = [1, 1, 1, 1, 1].map(() => ({ level: 1 as Level }));
    expect(teamHistory(weekly(flat)).estimate).toEqual({ kind: "no-recent-gains", rounds: 5 });
    const losing = [3, 2, 1, 0].map((n) => ({ level: 1 as Level, met: level1Plus(n) }));
    expect(teamHistory(weekly(losing)).estimate.kind).toBe("no-recent-gains");
    expect(teamHistory(weekly([{ level: 3 }, { level: 4 }])).estimate).toEqual({ kind: "top-level" });
  });
});
