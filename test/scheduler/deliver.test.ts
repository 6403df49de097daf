import { describe, expect, it } from "vitest";
import { claimNew } from "../../src/db/deliveries.js";
import type { ClaimDecision } from "../../src/domain/delivery-policy.js";
import { deliver, type Unit } from "../../src/scheduler/deliver.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { deliveryRow, posts } from "../support/scheduled.js";

const database = useDatabase({ resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });
const AT = new Date("2026-03-23T10:00:00Z");

function context(signal?: AbortSignal) {
  const { db, logger, slack: access } = testDeps(database.db, slack);
  return { db, logger, slack: access, pacer: new ChannelPacer(0), at: () => AT, signal, concurrency: 4 };
}

/** A message to `channel`, claimed fresh unless told otherwise. */
function unit(key: string, channel: string, order = 0, claim: ClaimDecision = { mode: "insert" }): Unit {
  return {
    key,
    teamId: "T0",
    mlTeamId: null,
    kind: "prompt",
    period: "2026-03-23",
    group: "prompt",
    channel,
    message: { text: `text of ${key}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: key } }] },
    claim,
    order,
  };
}

describe("deliver", () => {
  it("claims and posts each message once, in order within a channel, and records it as sent", async () => {
    const results = await deliver([unit("b", "C1", 10), unit("a", "C1", 0), unit("c", "C2")], context());
    expect(posts(slack, "C1").map((c) => c.args.text)).toEqual(["text of a", "text of b"]);
    expect(posts(slack, "C2").map((c) => c.args)).toEqual([
      // Form-encoded, as the Web API client sends them.
      expect.objectContaining({ text: "text of c", unfurl_links: "false", unfurl_media: "false" }),
    ]);
    expect(results.map((r) => [r.unit.key, r.result])).toEqual([
      ["a", "sent"],
      ["b", "sent"],
      ["c", "sent"],
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
    await claimNew(database.db, [unit("taken", "C1")], AT);
    const [result] = await deliver([unit("taken", "C1")], context());
    expect(result?.result).toBe("lost");
    expect(posts(slack)).toEqual([]);
  });

  it("records a Slack error on its message and still posts to the other channels", async () => {
    slack.fail("chat.postMessage", "channel_not_found", "CGONE");
    const results = await deliver([unit("gone", "CGONE"), unit("ok", "COK")], context());
    expect(results).toContainEqual(expect.objectContaining({ result: "failed", error: "channel_not_found" }));
    expect(posts(slack, "COK")).toHaveLength(1);
    expect(await deliveryRow(database.db, "gone")).toMatchObject({
      status: "failed",
      error: "channel_not_found",
    });
    expect(await deliveryRow(database.db, "ok")).toMatchObject({ status: "sent" });
  });

  it("takes over a failed claim it was told to retry, counting the attempt", async () => {
    slack.fail("chat.postMessage", "ratelimited");
    await deliver([unit("flaky", "C1")], context());
    slack.reset();
    const [result] = await deliver([unit("flaky", "C1", 0, { mode: "reclaim", attempts: 1 })], context());
    expect(result?.result).toBe("sent");
    expect(await deliveryRow(database.db, "flaky")).toMatchObject({
      status: "sent",
      attempts: 2,
      error: null,
    });
  });

  it("gives back what it has not posted when stopped, so the next tick may post it at once", async () => {
    const controller = new AbortController();
    slack.override((call) => {
      if (call.method === "chat.postMessage") controller.abort();
      return undefined;
    });
    const results = await deliver(
      [unit("first", "C1", 0), unit("second", "C1", 1)],
      context(controller.signal),
    );
    expect(results.map((r) => [r.unit.key, r.result])).toEqual([
      ["first", "sent"],
      ["second", "released"],
    ]);
    expect(posts(slack)).toHaveLength(1);
    expect(await deliveryRow(database.db, "second")).toMatchObject({
      status: "failed",
      error: "interrupted",
    });
  });

  it("claims nothing once stopped before it starts", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await deliver([unit("never", "C1")], context(controller.signal))).toEqual([]);
    expect(await deliveryRow(database.db, "never")).toBeUndefined();
  });

  it("posts with the bot token of the message's workspace", async () => {
    await deliver([unit("tokened", "C1")], context());
    expect(posts(slack, "C1")[0]?.token).toBe("xoxb-test-token");
  });
});
