import { describe, expect, it } from "vitest";
import { claim } from "../../src/db/deliveries.js";
import type { ClaimDecision } from "../../src/domain/delivery-policy.js";
import { type DeliveryContext, deliver, RATE_LIMITED_TRIES, type Unit } from "../../src/scheduler/deliver.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { DELIVERY_EVENT_TYPE } from "../../src/slack/api/keyed-messages.js";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { ageClaims, copiesByKey, deliveryRow, posts } from "../support/scheduled.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });
const AT = new Date("2026-03-23T10:00:00Z");

function context(
  options: { signal?: AbortSignal; lease?: number; pacer?: ChannelPacer } = {},
): DeliveryContext {
  const env: Record<string, string> = options.lease ? { DELIVERY_LEASE_SECONDS: String(options.lease) } : {};
  const deps = testDeps(database.db, slack, undefined, env);
  return {
    db: deps.db,
    logger: deps.logger,
    slack: deps.slack,
    pacer: options.pacer ?? new ChannelPacer(0),
    at: () => AT,
    signal: options.signal,
    concurrency: 4,
    leaseSeconds: deps.config.deliveryLeaseSeconds,
  };
}

/** A message to `channel`, claimed fresh unless told otherwise. */
function unit(key: string, channel: string, order = 0, claim: ClaimDecision = { mode: "insert" }): Unit {
  return {
    key,
    teamId: "T0",
    mlTeamId: null,
    kind: "prompt",
    period: "2026-03-23",
    channel,
    message: { text: `text of ${key}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: key } }] },
    claim,
    order,
  };
}

/** What the next tick would decide for a claim whose process stopped, claimed `agoSeconds` ago. */
function abandoned(channelId: string | null, attempts = 1, agoSeconds = 150): ClaimDecision {
  return { mode: "reconcile", attempts, claimedAt: new Date(Date.now() - agoSeconds * 1_000), channelId };
}

async function results(units: Unit[], ctx = context()) {
  const run = await deliver(units, ctx);
  return run.results.map((r) => [r.unit.key, r.result]);
}

describe("deliver", () => {
  it("claims and posts each message once, in order within a channel, with its key in the metadata", async () => {
    expect(await results([unit("b", "C1", 10), unit("a", "C1", 0), unit("c", "C2")])).toEqual(
      expect.arrayContaining([
        ["a", "sent"],
        ["b", "sent"],
        ["c", "sent"],
      ]),
    );
    expect(posts(slack, "C1").map((c) => c.args.text)).toEqual(["text of a", "text of b"]);
    expect(posts(slack, "C2").map((c) => c.args)).toEqual([
      // Form-encoded, as the Web API client sends them.
      expect.objectContaining({
        text: "text of c",
        unfurl_links: "false",
        metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: "c", attempt: 1 } },
      }),
    ]);
    expect(await deliveryRow(database.db, "a")).toMatchObject({
      status: "sent",
      attempts: 1,
      channel_id: "C1",
      message_ts: expect.any(String),
      finished_at: AT,
    });
  });

  it("leaves a message another process claimed first to that process", async () => {
    await claim(database.db, [{ ...unit("taken", "C1"), seen: 0 }], 120);
    expect(await results([unit("taken", "C1")])).toEqual([["taken", "lost"]]);
    expect(posts(slack)).toEqual([]);
  });

  it("records a Slack error on its message and still posts to the other channels", async () => {
    slack.fail("chat.postMessage", "channel_not_found", "CGONE");
    const run = await deliver([unit("gone", "CGONE"), unit("ok", "COK")], context());
    expect(run.results).toContainEqual(
      expect.objectContaining({ result: "failed", error: "channel_not_found", transient: false }),
    );
    expect(posts(slack, "COK")).toHaveLength(1);
    expect(await deliveryRow(database.db, "gone")).toMatchObject({
      status: "failed",
      error: "channel_not_found",
    });
  });

  it("takes over a failed claim it was told to retry, counting the attempt", async () => {
    slack.fail("chat.postMessage", "service_unavailable");
    await deliver([unit("flaky", "C1")], context());
    slack.reset();
    expect(await results([unit("flaky", "C1", 0, { mode: "reclaim", attempts: 1 })])).toEqual([
      ["flaky", "sent"],
    ]);
    expect(await deliveryRow(database.db, "flaky")).toMatchObject({
      status: "sent",
      attempts: 2,
      error: null,
    });
    expect(posts(slack)[0]?.args.metadata).toMatchObject({ event_payload: { key: "flaky", attempt: 2 } });
  });

  it("gives back what it has not posted when stopped, so the next tick may post it at once", async () => {
    const controller = new AbortController();
    slack.override((call) => {
      if (call.method === "chat.postMessage") controller.abort();
      return undefined;
    });
    const run = await deliver(
      [unit("first", "C1", 0), unit("second", "C1", 1)],
      context({ signal: controller.signal }),
    );
    expect(run.stoppedBy).toBe("signal");
    expect(run.results.map((r) => [r.unit.key, r.result])).toEqual([
      ["first", "sent"],
      ["second", "left"],
    ]);
    expect(posts(slack)).toHaveLength(1);
    expect(await deliveryRow(database.db, "second")).toBeUndefined();
  });

  it("claims nothing once stopped before it starts", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await results([unit("never", "C1")], context({ signal: controller.signal }))).toEqual([
      ["never", "left"],
    ]);
    expect(await deliveryRow(database.db, "never")).toBeUndefined();
  });

  it("talks to Slack for at most `concurrency` channels at once", async () => {
    slack.afterAccepting((call) => (call.method === "chat.postMessage" ? 300 : undefined));
    const channels = ["C1", "C2", "C3", "C4", "C5", "C6"];
    await deliver(
      channels.map((c) => unit(`to-${c}`, c)),
      { ...context(), concurrency: 2 },
    );
    const arrived = posts(slack)
      .map((p) => p.at)
      .sort((a, b) => a - b);
    expect(arrived).toHaveLength(6);
    // Two at a time: each pair goes once Slack has answered the pair before it (300 ms).
    expect((arrived[2] ?? 0) - (arrived[0] ?? 0)).toBeGreaterThanOrEqual(250);
    expect((arrived[4] ?? 0) - (arrived[2] ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it("lets many channels wait their turn at once without a listener-leak warning on stderr", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const twoEach = Array.from({ length: 16 }, (_, i) => [
        unit(`a${i}`, `C${i}`, 0),
        unit(`b${i}`, `C${i}`, 1),
      ]);
      await deliver(twoEach.flat(), context({ pacer: new ChannelPacer(1_000) }));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(posts(slack)).toHaveLength(32);
    expect(warnings).toEqual([]);
  });

  it("posts with the bot token of the message's workspace", async () => {
    await deliver([unit("tokened", "C1")], context());
    expect(posts(slack, "C1")[0]?.token).toBe("xoxb-test-token");
  });
});

describe("deliver: a claim whose process stopped without saying what happened", () => {
  async function abandon(key: string, channel: string) {
    await claim(database.db, [{ ...unit(key, channel), seen: 0 }], 120);
    await ageClaims(database.db, 150);
  }

  it("records it as sent when its message is in the channel's history, and posts nothing", async () => {
    await abandon("posted", "C1");
    await slack.workspace.post({
      channel: "C1",
      text: "text of posted",
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: "posted", attempt: 1 } },
    });
    const run = await deliver([unit("posted", "C1", 0, abandoned("C1"))], context());
    expect(run.results).toEqual([expect.objectContaining({ result: "sent", confirmed: true })]);
    expect(posts(slack)).toEqual([]);
    expect(slack.callsTo("conversations.history")[0]?.args).toMatchObject({
      channel: "C1",
      include_all_metadata: "true",
    });
    expect(await deliveryRow(database.db, "posted")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("posts it when the history shows it never arrived", async () => {
    await abandon("missing", "C1");
    expect(await results([unit("missing", "C1", 0, abandoned("C1"))])).toEqual([["missing", "sent"]]);
    expect(copiesByKey(slack)).toEqual(new Map([["missing", 1]]));
  });

  it("reads a direct message's history through the conversation Slack opens for it", async () => {
    await abandon("reminder", "UALICE");
    await slack.workspace.post({
      channel: "DUALICE",
      text: "reminder",
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: "reminder", attempt: 1 } },
    });
    expect(await results([unit("reminder", "UALICE", 0, abandoned("UALICE"))])).toEqual([
      ["reminder", "sent"],
    ]);
    expect(slack.callsTo("conversations.open")[0]?.args).toMatchObject({ users: "UALICE" });
    expect(posts(slack)).toEqual([]);
  });

  it("calls it uncertain when the history cannot be read, and never posts it again", async () => {
    await abandon("unknown", "CSECRET");
    slack.fail("conversations.history", "missing_scope");
    const run = await deliver([unit("unknown", "CSECRET", 0, abandoned("CSECRET"))], context());
    expect(run.results).toEqual([
      expect.objectContaining({ result: "uncertain", error: "history: missing_scope" }),
    ]);
    expect(posts(slack)).toEqual([]);
    expect(await deliveryRow(database.db, "unknown")).toMatchObject({ status: "uncertain" });
  });

  it("calls it uncertain when the workspace's token cannot be had to read the history, and the tick goes on", async () => {
    await abandon("orphan", "C1");
    const ctx = context();
    // As in OAuth mode once the workspace's installation is gone: no token opens its history.
    const gone = { ...ctx.slack, forScheduler: () => Promise.reject(new Error("no installation for T0")) };
    const run = await deliver([unit("orphan", "C1", 0, abandoned("C1"))], { ...ctx, slack: gone });
    expect(run.results).toEqual([
      expect.objectContaining({ result: "uncertain", error: "history: unknown_error" }),
    ]);
    expect(run.stoppedBy).toBeNull();
    expect(posts(slack)).toEqual([]);
    expect(await deliveryRow(database.db, "orphan")).toMatchObject({ status: "uncertain" });
  });

  it("leaves it alone while its lease still runs", async () => {
    await claim(database.db, [{ ...unit("busy", "C1"), seen: 0 }], 120);
    expect(await results([unit("busy", "C1", 0, abandoned("C1"))])).toEqual([["busy", "lost"]]);
    expect(posts(slack)).toEqual([]);
  });

  it("reads only the claim's window, a page of 15 at a time", async () => {
    await abandon("windowed", "C1");
    await results([unit("windowed", "C1", 0, abandoned("C1"))]);
    const args = slack.callsTo("conversations.history")[0]?.args ?? {};
    expect(args.limit).toBe("15");
    // From 2 minutes before the claim (150 s ago) to 2 minutes after its lease (default 120 s) ran out.
    expect(Number(args.oldest)).toBeCloseTo((Date.now() - 270_000) / 1_000, -1);
    expect(Number(args.latest)).toBeCloseTo((Date.now() + 90_000) / 1_000, -1);
  });

  it("leaves it claimed and unposted while the history is rate limited, and finds it a minute later", async () => {
    await abandon("waiting", "C1");
    await slack.workspace.post({
      channel: "C1",
      text: "text of waiting",
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: "waiting", attempt: 1 } },
    });
    const undo = slack.rateLimit("conversations.history", { retryAfterSeconds: 60 });
    const started = Date.now();
    expect(await results([unit("waiting", "C1", 0, abandoned("C1"))])).toEqual([["waiting", "left"]]);
    expect(Date.now() - started).toBeLessThan(5_000); // not waiting the minute out inside the tick
    expect(posts(slack)).toEqual([]);
    expect(await deliveryRow(database.db, "waiting")).toMatchObject({ status: "claimed", attempts: 1 });

    undo(); // the next minute
    const later = await deliver([unit("waiting", "C1", 0, abandoned("C1"))], context());
    expect(later.results).toEqual([expect.objectContaining({ result: "sent", confirmed: true })]);
    expect(copiesByKey(slack)).toEqual(new Map([["waiting", 1]]));
  });

  it("keeps the channel's later messages back while an abandoned claim's history is rate limited, in order", async () => {
    await abandon("digest", "C1");
    slack.rateLimit("conversations.history", { retryAfterSeconds: 60 });
    const run = await deliver(
      [unit("digest", "C1", 0, abandoned("C1")), unit("prompt", "C1", 10)],
      context(),
    );
    expect(run.results.map((r) => [r.unit.key, r.result])).toEqual([
      ["digest", "left"],
      ["prompt", "left"],
    ]);
    expect(posts(slack)).toEqual([]);
    expect(await deliveryRow(database.db, "prompt")).toBeUndefined();
  });
});

describe("deliver: Slack that accepts a message but does not answer", () => {
  it("keeps the claim instead of retrying, and finds the message in the history once the lease runs out", async () => {
    slack.afterAccepting((call) => (call.method === "chat.postMessage" ? 1_500 : undefined));
    // A 4 s lease: posts give up after a quarter of it.
    const run = await deliver([unit("slow", "C1")], context({ lease: 4 }));
    expect(run.results).toEqual([expect.objectContaining({ result: "in_doubt", error: "timed_out" })]);
    expect(posts(slack)).toHaveLength(1);
    expect(await deliveryRow(database.db, "slow")).toMatchObject({ status: "claimed", error: "timed_out" });

    await ageClaims(database.db, 5);
    const later = await deliver([unit("slow", "C1", 0, abandoned("C1", 1, 7))], context({ lease: 4 }));
    expect(later.results).toEqual([expect.objectContaining({ result: "sent", confirmed: true })]);
    expect(copiesByKey(slack)).toEqual(new Map([["slow", 1]]));
  });

  it("treats a connection cut after Slack accepted the post the same way", async () => {
    slack.afterAccepting((call) => (call.method === "chat.postMessage" ? "reset" : undefined));
    const run = await deliver([unit("cut", "C1")], context());
    expect(run.results).toEqual([expect.objectContaining({ result: "in_doubt" })]);
    expect(posts(slack)).toHaveLength(1);
  });
});

describe("deliver: rate limits", () => {
  it("waits out a channel's Retry-After for that channel only, and never lets the client retry by itself", async () => {
    slack.rateLimit("chat.postMessage", { channel: "CBUSY", retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const run = await deliver([unit("busy", "CBUSY"), unit("calm", "CCALM")], context());
    expect(run.results.map((r) => [r.unit.key, r.result]).sort()).toEqual([
      ["busy", "sent"],
      ["calm", "sent"],
    ]);
    const [first, second] = posts(slack, "CBUSY");
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((posts(slack, "CCALM")[0]?.at ?? 0) - started).toBeLessThan(500);
    expect(await deliveryRow(database.db, "busy")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives a channel that stays rate limited a few tries, then leaves it to a later tick saying ratelimited", async () => {
    slack.rateLimit("chat.postMessage", { channel: "CBUSY", retryAfterSeconds: 1 });
    const run = await deliver(
      [unit("busy", "CBUSY", 0), unit("busy-next", "CBUSY", 1), unit("calm", "CCALM")],
      context(),
    );
    expect(run.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          unit: expect.objectContaining({ key: "busy" }),
          result: "failed",
          error: "ratelimited",
        }),
        expect.objectContaining({
          unit: expect.objectContaining({ key: "busy-next" }),
          result: "left",
          reason: "ratelimited",
        }),
        expect.objectContaining({ unit: expect.objectContaining({ key: "calm" }), result: "sent" }),
      ]),
    );
    expect(posts(slack, "CBUSY")).toHaveLength(RATE_LIMITED_TRIES);
    expect(await deliveryRow(database.db, "busy")).toMatchObject({
      status: "failed",
      error: "ratelimited",
      attempts: RATE_LIMITED_TRIES,
    });
  });
});
