import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { FORM, replyOf } from "../../../support/harness.js";
import { slashCommand } from "../../../support/payloads.js";

const bot = useBot({ resetBetweenTests: true });

describe("an incomplete command", () => {
  it.each(["team_id", "user_id", "channel_id"])(
    "without %s is answered and changes nothing",
    async (field) => {
      const fields = { ...slashCommand("digest") } as Record<string, string>;
      fields[field] = "";
      const reply = await replyOf(await bot.post(new URLSearchParams(fields).toString(), FORM));
      expect(reply.text).toContain("nothing was done");
      expect(bot.slack.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from workspaces`.execute(bot.db);
      expect(rows[0]?.n).toBe(0);
    },
  );
});

describe("a command with a NUL character", () => {
  it.each(["pause 2\u0000", "link github acme/\u0000web", "setup\u0000"])(
    "%j is answered in a sentence and changes nothing",
    async (text) => {
      const reply = await replyOf(await bot.post(new URLSearchParams(slashCommand(text)).toString(), FORM));
      expect(reply.text).toContain("invisible NUL character");
      expect(reply.text).toContain("nothing was done");
      expect(bot.slack.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from workspaces`.execute(bot.db);
      expect(rows[0]?.n).toBe(0);
    },
  );
});
