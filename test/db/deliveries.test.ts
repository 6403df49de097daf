import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import {
  claimNew,
  type DeliveryRef,
  loadDeliveries,
  reclaim,
  recordOutcomes,
  recordSkipped,
} from "../../src/db/deliveries.js";
import { clearDigestChannel, digestWorkspaces, setDigestChannel } from "../../src/db/digest.js";
import { loadActiveSnoozes, loadRoundAnswers, pauseTeam, resumeTeam } from "../../src/db/schedule.js";
import { closedRounds, insertSnapshots, type NewSnapshot, recentSnapshots } from "../../src/db/snapshots.js";
import { snoozeNudge } from "../../src/db/snoozes.js";
import { markUninstalled } from "../../src/db/workspaces.js";
import { answer, resetTables, seedTeam } from "../scheduler/support.js";
import { createTestDatabase } from "../support/database.js";

let database: DatabaseHandle;
const AT = new Date("2026-03-23T09:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  await resetTables(database.db);
});

function ref(key: string, mlTeamId: number | null = null): DeliveryRef {
  return { key, teamId: "T0", mlTeamId, kind: key.split(":")[0] ?? "x", period: "2026-03-23" };
}

describe("deliveries: the exactly-once outbox", () => {
  it("lets exactly one of many concurrent claimers win each key", async () => {
    const keys = ["prompt:a", "prompt:b", "prompt:c"].map((k) => ref(k));
    const winners = await Promise.all(Array.from({ length: 5 }, () => claimNew(database.db, keys, AT)));
    expect(winners.flat().sort()).toEqual(["prompt:a", "prompt:b", "prompt:c"]);
    expect(await claimNew(database.db, keys, AT)).toEqual([]);
  });

  it("hands a stale claim to one taker only, and counts the attempt", async () => {
    await claimNew(database.db, [ref("prompt:a")], AT);
    const takers = await Promise.all(
      Array.from({ length: 3 }, () => reclaim(database.db, [{ key: "prompt:a", attempts: 1 }], AT)),
    );
    expect(takers.flat()).toEqual(["prompt:a"]);
    const [row] = await loadDeliveries(database.db, [], ["prompt:a"]);
    expect(row).toMatchObject({ status: "claimed", attempts: 2 });
  });

  it("records an outcome only for the attempt that still owns the claim", async () => {
    await claimNew(database.db, [ref("prompt:a"), ref("prompt:b")], AT);
    await reclaim(database.db, [{ key: "prompt:b", attempts: 1 }], AT);
    const outcome = { status: "sent" as const, at: AT, channelId: "C1", messageTs: "1.2", error: null };
    await recordOutcomes(database.db, [
      { key: "prompt:a", attempt: 1, ...outcome },
      { key: "prompt:b", attempt: 1, ...outcome },
    ]);
    const rows = await database.db.selectFrom("deliveries").selectAll().orderBy("key").execute();
    expect(rows.map((r) => [r.key, r.status, r.message_ts])).toEqual([
      ["prompt:a", "sent", "1.2"],
      ["prompt:b", "claimed", null],
    ]);
  });

  it("records skipped decisions once, with their reason", async () => {
    const skip = { ...ref("nudge:regression:1:2026-03-23"), reason: "snoozed until later" };
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([skip.key]);
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([]);
    const [row] = await loadDeliveries(database.db, [], [skip.key]);
    expect(row).toMatchObject({ status: "skipped", error: "snoozed until later" });
  });

  it("loads a round's rows of every kind, and extra rows by key", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    await claimNew(
      database.db,
      [
        { key: `prompt:${id}:2026-03-23`, teamId: "T0", mlTeamId: id, kind: "prompt", period: "2026-03-23" },
        { key: `prompt:${id}:2026-03-16`, teamId: "T0", mlTeamId: id, kind: "prompt", period: "2026-03-16" },
        ref("org_digest:T0:2026-03-23"),
      ],
      AT,
    );
    const rows = await loadDeliveries(
      database.db,
      [{ mlTeamId: id, period: "2026-03-23" }],
      ["org_digest:T0:2026-03-23"],
    );
    expect(rows.map((r) => r.key).sort()).toEqual(["org_digest:T0:2026-03-23", `prompt:${id}:2026-03-23`]);
  });
});

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
});

describe("team schedule settings", () => {
  it("pauses and resumes only a team of the asking workspace", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const until = new Date("2026-04-06T09:00:00Z");
    expect(await pauseTeam(database.db, "TOTHER", id, until, AT)).toBe(false);
    expect(await pauseTeam(database.db, "T0", id, until, AT)).toBe(true);
    expect(await resumeTeam(database.db, "TOTHER", id, AT)).toBeNull();
    expect(await resumeTeam(database.db, "T0", id, AT)).toEqual(until);
    expect(await resumeTeam(database.db, "T0", id, AT)).toBeNull();
  });

  it("snoozes a nudge kind only for a team of the clicking workspace", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", name: "Platform", createdAt: AT });
    const until = new Date("2026-04-20T09:00:00Z");
    const snooze = { mlTeamId: id, kind: "siloed_roles", until, userId: "U1" };
    expect(await snoozeNudge(database.db, { ...snooze, teamId: "TOTHER" })).toBeUndefined();
    expect(await snoozeNudge(database.db, { ...snooze, teamId: "T0" })).toEqual({
      name: "Platform",
      timeZone: "UTC",
    });
    expect(await snoozeNudge(database.db, { ...snooze, teamId: "T0", userId: "U2" })).toBeDefined();
    expect(await loadActiveSnoozes(database.db, AT)).toEqual([
      { ml_team_id: id, kind: "siloed_roles", until },
    ]);
    expect(await loadActiveSnoozes(database.db, until)).toEqual([]);
  });

  it("sets, moves and clears the digest channel, and forgets uninstalled workspaces", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const setting = { teamId: "T0", channelId: "CDIG", timeZone: "Asia/Kolkata", setBy: "U1" };
    expect(await setDigestChannel(database.db, setting, null)).toBe(true);
    expect(await setDigestChannel(database.db, { ...setting, channelId: "CNEW" }, "CDIG")).toBe(true);
    expect(await digestWorkspaces(database.db)).toEqual([{ ...setting, channelId: "CNEW" }]);
    await markUninstalled(database.db, "T0", AT);
    expect(await digestWorkspaces(database.db)).toEqual([]);
    expect(await clearDigestChannel(database.db, "T0", "CNEW")).toBe(true);
    expect(await clearDigestChannel(database.db, "T0", "CNEW")).toBe(false);
  });

  it("changes the digest channel only where the caller saw it, so two changes at once cannot both win", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const setting = { teamId: "T0", channelId: "CFIRST", timeZone: "UTC", setBy: "U1" };
    expect(await setDigestChannel(database.db, setting, null)).toBe(true);
    // A second person read "no digest yet" before the first one saved.
    expect(await setDigestChannel(database.db, { ...setting, channelId: "CSECOND", setBy: "U2" }, null)).toBe(
      false,
    );
    expect(await clearDigestChannel(database.db, "T0", "CSTALE")).toBe(false);
    expect(await digestWorkspaces(database.db)).toEqual([setting]);
  });

  it("reads a round's answers with each author's role", async () => {
    const id = await seedTeam(database.db, {
      channelId: "C1",
      createdAt: AT,
      roles: { U1: "data_engineer" },
    });
    await answer(database.db, {
      mlTeamId: id,
      period: "2026-03-23",
      userId: "U1",
      met: ["automated_builds"],
    });
    await answer(database.db, { mlTeamId: id, period: "2026-03-23", userId: "U2", met: [] });
    await answer(database.db, { mlTeamId: id, period: "2026-03-16", userId: "U1", met: [] });
    const rows = await loadRoundAnswers(database.db, [{ mlTeamId: id, period: "2026-03-23" }]);
    expect(rows.map((r) => [r.user_id, r.role, r.met]).sort()).toEqual([
      ["U1", "data_engineer", ["automated_builds"]],
      ["U2", null, []],
    ]);
  });
});
