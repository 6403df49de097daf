import { describe, expect, it } from "vitest";
import {
  closedRoundOf,
  closedRounds,
  insertSnapshots,
  type NewSnapshot,
  recentSnapshots,
} from "../../src/db/snapshots.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");

describe("round snapshots", () => {
  function snapshot(mlTeamId: number, period: string, level: number | null): NewSnapshot {
    return {
      mlTeamId,
      teamId: "T0",
      period,
      prompted: true,
      answered: 1,
      expected: 2,
      level,
      met: [],
      notApplicable: new Map(),
      disputed: [],
    };
  }

  it("are written once per round and read newest first, a few per team", async () => {
    const a = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const b = await seedTeam(database.db, { channelId: "C2", createdAt: AT });
    const periods = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"];
    await insertSnapshots(
      database.db,
      periods.map((p, i) => snapshot(a, p, i)),
      AT,
    );
    await insertSnapshots(database.db, [snapshot(a, "2026-03-23", 0), snapshot(b, "2026-03-23", null)], AT);
    const recent = await recentSnapshots(database.db, [a, b], 2);
    expect(recent.map((s) => [s.ml_team_id, s.period, s.level])).toEqual([
      [a, "2026-03-23", 3],
      [a, "2026-03-16", 2],
      [b, "2026-03-23", null],
    ]);
    const closed = await closedRounds(database.db, [
      { mlTeamId: a, period: "2026-03-23" },
      { mlTeamId: b, period: "2026-03-16" },
    ]);
    expect([...closed]).toEqual([`${a}:2026-03-23`]);
  });

  it("keep every reason of each practice the team said does not apply, beside met, and read them back", async () => {
    const a = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const notApplicable = new Map([
      ["experiment_tracking", ["one model"]],
      ["ab_testing", ["batch scoring only", "no traffic: 100% offline"]],
    ] as const);
    await insertSnapshots(
      database.db,
      [{ ...snapshot(a, "2026-03-23", 1), met: ["automated_builds", "ab_testing"], notApplicable }],
      AT,
    );
    const [row] = await recentSnapshots(database.db, [a], 1);
    expect(row?.met).toEqual(["automated_builds", "ab_testing"]);
    expect(row && closedRoundOf(row).notApplicable).toEqual(notApplicable);
    expect([...(row ? closedRoundOf(row).notApplicable.keys() : [])]).toEqual([...notApplicable.keys()]);
    await insertSnapshots(database.db, [snapshot(a, "2026-03-30", 0)], AT);
    const [none] = await recentSnapshots(database.db, [a], 1);
    expect(none?.not_applicable).toBeNull();
  });
});
