import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  claimNew,
  type DeliveryRef,
  loadDeliveries,
  reclaim,
  recordOutcomes,
  recordSkipped,
  takeOver,
} from "../../src/db/deliveries.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");
const LEASE = 120;

function claim(key: string, mlTeamId: number | null = null, channel = "C1") {
  const ref: DeliveryRef = {
    key,
    teamId: "T0",
    mlTeamId,
    kind: key.split(":")[0] ?? "x",
    period: "2026-03-23",
  };
  return { ...ref, channel };
}

async function row(key: string) {
  const [record] = await loadDeliveries(database.db, [], [key], LEASE);
  return record;
}

/** Moves a claim back in time by the database's clock, as if its process had stopped that long ago. */
async function age(key: string, seconds: number) {
  await sql`update deliveries set claimed_at = now() - make_interval(secs => ${seconds}) where key = ${key}`.execute(
    database.db,
  );
}

describe("deliveries: the exactly-once outbox", () => {
  it("lets exactly one of many concurrent claimers win each key", async () => {
    const keys = ["prompt:a", "prompt:b", "prompt:c"].map((k) => claim(k));
    const winners = await Promise.all(Array.from({ length: 5 }, () => claimNew(database.db, keys)));
    expect(winners.flat().sort()).toEqual(["prompt:a", "prompt:b", "prompt:c"]);
    expect(await claimNew(database.db, keys)).toEqual([]);
  });

  it("remembers where a claim posts, so whoever takes it over knows which history to read", async () => {
    await claimNew(database.db, [claim("reminder:a", null, "UALICE")]);
    expect(await row("reminder:a")).toMatchObject({ status: "claimed", channelId: "UALICE" });
  });

  it("judges a claim's lease by the database's clock", async () => {
    await claimNew(database.db, [claim("prompt:a")]);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: false });
    await age("prompt:a", LEASE - 5);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: false });
    await age("prompt:a", LEASE + 1);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: true });
  });

  it("hands an abandoned claim to one taker only, and never one whose lease still runs", async () => {
    await claimNew(database.db, [claim("prompt:a")]);
    expect(await takeOver(database.db, [{ key: "prompt:a", attempts: 1 }], LEASE)).toEqual([]);
    await age("prompt:a", LEASE + 1);
    const takers = await Promise.all(
      Array.from({ length: 3 }, () => takeOver(database.db, [{ key: "prompt:a", attempts: 1 }], LEASE)),
    );
    expect(takers.flat()).toEqual(["prompt:a"]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", attempts: 2, leaseExpired: false });
  });

  it("retries only failed rows, one taker at a time", async () => {
    await claimNew(database.db, [claim("prompt:a"), claim("prompt:b")]);
    await recordOutcomes(database.db, [failed("prompt:a", 1)]);
    const seen = [
      { key: "prompt:a", attempts: 1 },
      { key: "prompt:b", attempts: 1 },
    ];
    const takers = await Promise.all([reclaim(database.db, seen), reclaim(database.db, seen)]);
    expect(takers.flat()).toEqual(["prompt:a"]);
    expect(await row("prompt:b")).toMatchObject({ status: "claimed", attempts: 1 });
  });

  it("records an outcome only for the attempt that still owns the claim", async () => {
    await claimNew(database.db, [claim("prompt:a"), claim("prompt:b")]);
    await age("prompt:b", LEASE + 1);
    await takeOver(database.db, [{ key: "prompt:b", attempts: 1 }], LEASE);
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

  it("keeps a post Slack never answered claimed, with why, and an uncertain one out of reach", async () => {
    await claimNew(database.db, [claim("prompt:a"), claim("prompt:b")]);
    const base = { at: AT, channelId: null, messageTs: null };
    await recordOutcomes(database.db, [
      { key: "prompt:a", attempt: 1, status: "no_answer", error: "timed_out", ...base },
      { key: "prompt:b", attempt: 1, status: "uncertain", error: "history: missing_scope", ...base },
    ]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", error: "timed_out", channelId: "C1" });
    expect(await row("prompt:b")).toMatchObject({ status: "uncertain", error: "history: missing_scope" });
    await age("prompt:b", LEASE + 1);
    expect(await takeOver(database.db, [{ key: "prompt:b", attempts: 1 }], LEASE)).toEqual([]);
    expect(await reclaim(database.db, [{ key: "prompt:b", attempts: 1 }])).toEqual([]);
  });

  it("records skipped decisions once, with their reason", async () => {
    const skip = { ...claim("nudge:regression:1:2026-03-23"), reason: "snoozed until later" };
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([skip.key]);
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([]);
    expect(await row(skip.key)).toMatchObject({ status: "skipped", error: "snoozed until later" });
  });

  it("loads a round's rows of every kind, and extra rows by key", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    await claimNew(database.db, [
      { ...claim(`prompt:${id}:2026-03-23`, id), period: "2026-03-23" },
      { ...claim(`prompt:${id}:2026-03-16`, id), period: "2026-03-16" },
      claim("org_digest:T0:2026-03-23"),
    ]);
    const rows = await loadDeliveries(
      database.db,
      [{ mlTeamId: id, period: "2026-03-23" }],
      ["org_digest:T0:2026-03-23"],
      LEASE,
    );
    expect(rows.map((r) => r.key).sort()).toEqual(["org_digest:T0:2026-03-23", `prompt:${id}:2026-03-23`]);
  });
});

function failed(key: string, attempt: number) {
  return {
    key,
    attempt,
    status: "failed" as const,
    at: AT,
    channelId: null,
    messageTs: null,
    error: "ratelimited",
  };
}
