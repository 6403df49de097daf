import { describe, expect, it } from "vitest";
import { SETUP_CALLBACK } from "../../src/slack/ids.js";
import { PERSON_RATE } from "../../src/slack/rate-limit.js";
import { useBot } from "../support/fixture.js";
import { capturingLogger } from "../support/logger.js";
import { ALICE, BOB } from "../support/payloads.js";

const SLOW_DOWN =
  /^:hourglass: You're sending commands faster than the bot can take them — slow down and try again in \d+ s\.$/;

/** The ack's text, "" for an empty ack. */
async function ackText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const body = await res.text();
  return body === "" ? "" : ((JSON.parse(body) as { text?: string }).text ?? "(blocks)");
}

describe("a person sending commands faster than anyone types", () => {
  const log = capturingLogger("warn");
  const bot = useBot({ logger: log.logger, env: { RATE_LIMITS: "on" } });

  it("gets at most the burst answered, one ephemeral 'slow down', and others are served meanwhile", async () => {
    const started = Date.now();
    const alice = Array.from({ length: 30 }, () => bot.command("status", { actor: ALICE }));
    const bob = bot.command("status", { actor: BOB });
    const replies = await Promise.all(alice.map(async (r) => ackText(await r)));
    const bobReply = await ackText(await bob);
    const seconds = Math.ceil((Date.now() - started) / 1000);

    const slowDowns = replies.filter((t) => SLOW_DOWN.test(t));
    const empty = replies.filter((t) => t === "");
    const answered = replies.filter((t) => t !== "" && !SLOW_DOWN.test(t));
    expect(slowDowns).toHaveLength(1);
    // A token comes back each second: on a slow machine a few more than the burst may be let through.
    expect(answered.length).toBeGreaterThanOrEqual(PERSON_RATE.burst);
    expect(answered.length).toBeLessThanOrEqual(PERSON_RATE.burst + seconds * PERSON_RATE.perSecond);
    expect(empty).toHaveLength(30 - answered.length - 1);
    expect(bobReply).not.toBe("");
    expect(bobReply).not.toMatch(SLOW_DOWN);
    expect(answered).toContain(bobReply);
    expect(log.lines().filter((l) => String(l.msg).startsWith("too many requests"))).toHaveLength(1);
  });

  it("refuses modal submissions over the limit the same way, under the form's first field", async () => {
    const carol = { teamId: "T0", userId: "UCAROL" };
    const sent = Array.from({ length: 30 }, () =>
      bot.submit(SETUP_CALLBACK, {}, { actor: carol, blocks: [{ type: "input", block_id: "setup:name" }] }),
    );
    const bodies = await Promise.all(sent.map(async (r) => (await r).text()));
    const told = bodies.filter((b) => b.includes("faster than the bot"));
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0] ?? "{}")).toEqual({
      response_action: "errors",
      errors: { "setup:name": expect.stringMatching(SLOW_DOWN) },
    });
    expect(bodies.filter((b) => b === "").length).toBeGreaterThanOrEqual(30 - 1 - PERSON_RATE.burst - 5);
  });
});
