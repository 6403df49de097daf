import { describe, expect, it } from "vitest";
import {
  claimNew,
  type DeliveryRef,
  loadDeliveries,
  reclaim,
  recordOutcomes,
  recordSkipped,
} from "../../src/db/deliveries.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");

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
