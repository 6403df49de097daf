import { describe, expect, it } from "vitest";
import type { ClosedRound } from "../../src/domain/digest.js";
import {
  LEVEL_WEEKS,
  levelsOverWeeks,
  movesSince,
  type OrgTeam,
  orgDigestData,
} from "../../src/domain/org-digest.js";
import type { Level } from "../../src/domain/rubric.js";
import { closedRound } from "../support/rounds.js";

const SINCE = new Date("2026-03-23T08:00:00Z");
const THIS_WEEK = new Date("2026-03-30T00:00:00Z");
const LAST_WEEK = new Date("2026-03-23T00:00:00Z");

/** A round closed at `closedAt`, the first instant of the next round's first day. */
function round(level: Level | null, closedAt: Date, overrides: Partial<ClosedRound> = {}): ClosedRound {
  return closedRound(closedAt.toISOString().slice(0, 10), level, overrides);
}

function team(id: number, name: string, history: ClosedRound[]): OrgTeam {
  return { id, name, channelId: `C${id}`, history };
}

describe("orgDigestData", () => {
  const teams = [
    team(1, "Up", [round(2, THIS_WEEK), round(1, LAST_WEEK)]),
    team(2, "Down", [round(0, THIS_WEEK, { answered: 1, expected: 3 }), round(2, LAST_WEEK)]),
    team(3, "Missed", [round(null, THIS_WEEK), round(1, LAST_WEEK)]),
    team(4, "Steady", [round(1, THIS_WEEK), round(1, LAST_WEEK)]),
    team(5, "New", []),
    team(6, "Monthly", [round(3, LAST_WEEK)]),
  ];
  const data = orgDigestData(teams, SINCE);

  it("counts teams per level by their latest round with answers", () => {
    // Up 2, Down 0, Missed keeps 1, Steady 1, Monthly 3; New is unassessed.
    expect(data.perLevel).toEqual([1, 2, 1, 1, 0]);
    expect(data.unassessed).toBe(1);
    expect(data.teams).toBe(6);
  });

  it("lists who moved up or down this week", () => {
    expect(data.movedUp).toMatchObject([{ name: "Up", from: 1, to: 2 }]);
    expect(data.movedDown).toMatchObject([{ name: "Down", from: 2, to: 0 }]);
  });

  it("lists teams that missed this week's check-in", () => {
    expect(data.missed.map((t) => t.name)).toEqual(["Missed"]);
  });

  it("reports participation over this week's prompted rounds", () => {
    expect(data.participation).toEqual({ answered: 5, expected: 9, teamsAnswered: 3, teamsAsked: 4 });
  });

  it("counts a round with answers as checked in even without a prompt, so a mover is never beside 'nobody checked in'", () => {
    const imported = [
      team(1, "Demand forecasting", [
        round(1, THIS_WEEK, { prompted: false, answered: 2, expected: 2 }),
        round(2, LAST_WEEK, { prompted: false, answered: 2, expected: 2 }),
      ]),
    ];
    const digest = orgDigestData(imported, SINCE);
    expect(digest.movedDown).toMatchObject([{ name: "Demand forecasting", from: 2, to: 1 }]);
    expect(digest.participation).toEqual({ answered: 2, expected: 2, teamsAnswered: 1, teamsAsked: 1 });
  });

  it("ranks the most common next prerequisites", () => {
    // Level 1 teams (Missed, Steady) need ds_de_collaboration; Up needs cross_role_integration, …
    expect(data.commonNext[0]).toEqual({ criterion: "ds_de_collaboration", teams: 2 });
    expect(data.commonNext.map((n) => n.criterion)).toContain("automated_builds");
  });

  it("puts the biggest moves first", () => {
    const movers = orgDigestData(
      [
        team(1, "B", [round(1, THIS_WEEK), round(0, LAST_WEEK)]),
        team(2, "A", [round(3, THIS_WEEK), round(0, LAST_WEEK)]),
      ],
      SINCE,
    ).movedUp;
    expect(movers.map((m) => m.name)).toEqual(["A", "B"]);
  });
});

describe("levelsOverWeeks", () => {
  it("counts each team by its latest round with answers that started before each Monday, oldest week first", () => {
    const weeks = levelsOverWeeks(
      [
        team(1, "Climber", [
          closedRound("2026-03-23", 2),
          closedRound("2026-03-16", 1),
          closedRound("2026-01-05", 0),
        ]),
        team(2, "Quiet", [closedRound("2026-03-23", null), closedRound("2026-03-16", 3)]),
        team(3, "New", []),
      ],
      "2026-03-30",
    );
    expect(weeks).toHaveLength(LEVEL_WEEKS);
    expect(weeks[0]).toEqual({ week: "2026-01-12", perLevel: [1, 0, 0, 0, 0] });
    expect(weeks.at(-2)).toEqual({ week: "2026-03-23", perLevel: [0, 1, 0, 1, 0] });
    expect(weeks.at(-1)).toEqual({ week: "2026-03-30", perLevel: [0, 0, 1, 1, 0] });
  });
});

describe("movesSince", () => {
  it("compares each team's latest level with the one it had before the date, biggest moves first", () => {
    const moves = movesSince(
      [
        team(1, "Small step", [closedRound("2026-03-23", 2), closedRound("2026-02-16", 1)]),
        team(2, "Leap", [
          closedRound("2026-03-23", 3),
          closedRound("2026-03-16", 1),
          closedRound("2026-02-16", 0),
        ]),
        team(3, "Steady", [closedRound("2026-03-23", 1), closedRound("2026-02-16", 1)]),
        team(4, "New", [closedRound("2026-03-23", 2)]),
      ],
      "2026-03-02",
    );
    expect(moves.map((m) => [m.name, m.from, m.to])).toEqual([
      ["Leap", 0, 3],
      ["Small step", 1, 2],
    ]);
  });
});
