import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";

const bot = useBot();

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
