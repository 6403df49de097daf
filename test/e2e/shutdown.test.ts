import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { type BotUnderTest, startBotUnderTest } from "../support/harness.js";
import { ALICE, appHomeOpened } from "../support/payloads.js";

let database: TestDatabase;
let bot: BotUnderTest;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database);
});
afterAll(async () => {
  await bot?.slack.stop();
  await database?.close();
});

describe("stopping the bot", () => {
  it("waits for a listener still working after its ack before it returns", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    bot.slack.override((call) => (call.method === "views.publish" ? held.then(() => undefined) : undefined));

    expect((await bot.event(appHomeOpened(ALICE))).status).toBe(200); // acked at once, still working
    await expect.poll(() => bot.slack.callsTo("views.publish").length).toBe(1);

    let stopped = false;
    const stopping = bot.bot.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });
});
