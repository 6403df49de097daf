import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { ALICE, appHomeOpened } from "../support/payloads.js";

const bot = useBot();

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
