import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  claim,
  type DeliveryRef,
  loadDeliveries,
  recordOutcomes,
  recordSkipped,
} from "../../src/db/deliveries.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");
const LEASE = 120;

/** A claim on `key`, by a claimer that saw `seen` attempts on its row (0: no row). */
function target(key: string, mlTeamId: number | null = null, channel = "C1", seen = 0) {
  const ref: DeliveryRef = {
    key,
    teamId: "T0",
    mlTeamId,
    kind: key.split(":")[0] ?? "x",
    period: "2026-03-23",
  };
  return { ...ref, channel, seen };
}

/** The keys `claims` won, in order. */
async function won(claims: ReturnType<typeof target>[]) {
  return [...(await claim(database.db, claims, LEASE)).keys()];
}

/** Claims made again: after a failed attempt, or taking over an abandoned one. */
const again = (key: string, seen = 1) => target(key, null, "C1", seen);

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
    const keys = ["prompt:a", "prompt:b", "prompt:c"].map((k) => target(k));
    const winners = await Promise.all(Array.from({ length: 5 }, () => won(keys)));
    expect(winners.flat().sort()).toEqual(["prompt:a", "prompt:b", "prompt:c"]);
    expect(await won(keys)).toEqual([]);
    expect(await claim(database.db, [target("prompt:d")], LEASE)).toEqual(new Map([["prompt:d", 1]]));
  });

  it("remembers where a claim posts, so whoever takes it over knows which history to read", async () => {
    await won([target("reminder:a", null, "UALICE")]);
    expect(await row("reminder:a")).toMatchObject({ status: "claimed", channelId: "UALICE" });
  });

  it("moves a claim taken over to the channel its taker posts to, so a taker that dies is looked for there", async () => {
    await won([target("prompt:a", null, "COLD")]);
    await age("prompt:a", LEASE + 1);
    expect(await won([target("prompt:a", null, "CNEW", 1)])).toEqual(["prompt:a"]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", attempts: 2, channelId: "CNEW" });
  });

  it("judges a claim's lease by the database's clock", async () => {
    await won([target("prompt:a")]);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: false });
    await age("prompt:a", LEASE - 5);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: false });
    await age("prompt:a", LEASE + 1);
    expect(await row("prompt:a")).toMatchObject({ leaseExpired: true });
  });

  it("hands an abandoned claim to one taker only, and never one whose lease still runs", async () => {
    await won([target("prompt:a")]);
    expect(await won([again("prompt:a")])).toEqual([]);
    await age("prompt:a", LEASE + 1);
    const takers = await Promise.all(Array.from({ length: 3 }, () => won([again("prompt:a")])));
    expect(takers.flat()).toEqual(["prompt:a"]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", attempts: 2, leaseExpired: false });
  });

  it("retries only failed rows, one taker at a time, and only as the attempt its taker saw", async () => {
    await won([target("prompt:a"), target("prompt:b")]);
    await recordOutcomes(database.db, [failed("prompt:a", 1)]);
    const seen = [again("prompt:a"), again("prompt:b")];
    const takers = await Promise.all([won(seen), won(seen)]);
    expect(takers.flat()).toEqual(["prompt:a"]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", attempts: 2 });
    expect(await row("prompt:b")).toMatchObject({ status: "claimed", attempts: 1 });
    await recordOutcomes(database.db, [failed("prompt:a", 2)]);
    expect(await won([again("prompt:a", 1)])).toEqual([]);
    expect(await won([target("prompt:a")])).toEqual([]);
  });

  it("records an outcome only for the attempt that still owns the claim", async () => {
    await won([target("prompt:a"), target("prompt:b")]);
    await age("prompt:b", LEASE + 1);
    await won([again("prompt:b")]);
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
    await won([target("prompt:a"), target("prompt:b")]);
    const base = { at: AT, channelId: null, messageTs: null };
    await recordOutcomes(database.db, [
      { key: "prompt:a", attempt: 1, status: "no_answer", error: "timed_out", ...base },
      { key: "prompt:b", attempt: 1, status: "uncertain", error: "history: missing_scope", ...base },
    ]);
    expect(await row("prompt:a")).toMatchObject({ status: "claimed", error: "timed_out", channelId: "C1" });
    expect(await row("prompt:b")).toMatchObject({ status: "uncertain", error: "history: missing_scope" });
    await age("prompt:b", LEASE + 1);
    expect(await won([again("prompt:b")])).toEqual([]);
  });

  it("records skipped decisions once, with their reason", async () => {
    const skip = { ...target("nudge:regression:1:2026-03-23"), reason: "snoozed until later" };
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([skip.key]);
    expect(await recordSkipped(database.db, [skip], AT)).toEqual([]);
    expect(await row(skip.key)).toMatchObject({ status: "skipped", error: "snoozed until later" });
  });

  it("loads a round's rows of every kind, and extra rows by key", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    await won([
      { ...target(`prompt:${id}:2026-03-23`, id), period: "2026-03-23" },
      { ...target(`prompt:${id}:2026-03-16`, id), period: "2026-03-16" },
      target("org_digest:T0:2026-03-23"),
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
