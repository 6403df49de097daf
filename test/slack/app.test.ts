import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { type BotUnderTest, FORM, startBotUnderTest } from "../support/harness.js";
import { capturingLogger } from "../support/logger.js";
import { buttonClick } from "../support/payloads.js";

const log = capturingLogger("warn");
let database: TestDatabase;
let bot: BotUnderTest;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { logger: log.logger });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});

describe("a signed request Bolt cannot process", () => {
  it("is refused without a stack trace, calls nothing, and the log says why", async () => {
    const { user: _user, ...withoutUser } = buttonClick("open_checkin", { value: "1" });
    const body = new URLSearchParams({ payload: JSON.stringify(withoutUser) }).toString();
    const res = await bot.post(body, FORM);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("");
    expect(bot.slack.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
    const line = log.lines().find((l) => l.msg === "could not process a request from Slack");
    expect(JSON.stringify(line?.err)).toMatch(/TypeError|Cannot read/);
  });
});
