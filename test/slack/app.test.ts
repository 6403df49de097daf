// The Bolt app as Slack reaches it: only signed requests get in (request-gate.test.ts has the ones Slack never sends).
import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { FORM } from "../support/harness.js";
import { slashCommand } from "../support/payloads.js";
import { signedHeaders } from "../support/signing.js";

const bot = useBot({ resetBetweenTests: true });

describe("request verification", () => {
  const body = new URLSearchParams({ ...slashCommand("help") } as Record<string, string>).toString();

  it("refuses an unsigned request with 401 and no side effects", async () => {
    const res = await bot.post(body, FORM, false);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("");
    expect(bot.slack.calls).toEqual([]);
  });

  it("refuses a request signed with another secret", async () => {
    expect((await bot.post(body, FORM, { secret: "not-the-secret" })).status).toBe(401);
  });

  it("refuses a replayed request older than five minutes", async () => {
    expect((await bot.post(body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
  });

  it("refuses a body altered after signing", async () => {
    const headers = signedHeaders(body, FORM);
    const res = await fetch(`${bot.url}/slack/events`, {
      method: "POST",
      headers,
      body: body.replace("help", "status"),
    });
    expect(res.status).toBe(401);
  });

  it("answers Slack's url_verification challenge", async () => {
    const res = await bot.post(
      JSON.stringify({ type: "url_verification", token: "t", challenge: "c-123" }),
      "application/json",
    );
    expect(await res.json()).toEqual({ challenge: "c-123" });
  });
});
