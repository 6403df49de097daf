import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { createTestDatabase } from "../support/database.js";
import { type BotUnderTest, FORM, replyOf, startBotUnderTest } from "../support/harness.js";
import { slashCommand } from "../support/payloads.js";

let database: DatabaseHandle;
let bot: BotUnderTest;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database);
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});
beforeEach(() => bot.slack.reset());

describe("/mlops help", () => {
  it.each(["help", "", "  HELP  "])("answers %j with an ephemeral usage message", async (text) => {
    const res = await bot.command(text);
    expect(res.status).toBe(200);
    const body = await replyOf(res);
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("/mlops help");
  });

  it("names a subcommand it does not understand, escaped", async () => {
    const body = await replyOf(await bot.command("frobnicate <!channel> now"));
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("I don't know `frobnicate`");
    const injected = await replyOf(await bot.command("<!channel>"));
    expect(injected.text).toContain("&lt;!channel&gt;");
    expect(injected.text).not.toContain("<!channel>");
  });
});

describe("an incomplete command", () => {
  it.each(["team_id", "user_id", "channel_id"])(
    "without %s is answered and changes nothing",
    async (field) => {
      const fields = { ...slashCommand("digest") } as Record<string, string>;
      fields[field] = "";
      const reply = await replyOf(await bot.post(new URLSearchParams(fields).toString(), FORM));
      expect(reply.text).toContain("nothing was done");
      expect(bot.slack.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from workspaces`.execute(
        database.db,
      );
      expect(rows[0]?.n).toBe(0);
    },
  );
});

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
    const headers = (await import("../support/signing.js")).signedHeaders(body, FORM);
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

describe("health endpoints", () => {
  it("reports liveness and readiness on the same port", async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: "ok" });
  });
});
