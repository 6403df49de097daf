// A form Slack will not open (issue 22 item 13): the trigger_id of a command or click lives 3 s and opens one
// view; the fake Slack refuses a late, used or made-up one as Slack does, and the person is told to ask again.
import { describe, expect, it, vi } from "vitest";
import { TRIGGER_LIFETIME_MS } from "../../../src/fake-slack/state.js";
import { useBot } from "../../support/fixture.js";
import { freshChannel, newTeam } from "../../support/flows.js";
import { ALICE, BOB } from "../../support/payloads.js";
import { teamIdIn } from "../../support/rows.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z") });

const tooSlow = (again: string) =>
  `:hourglass: That took too long: Slack lets me open a form only within 3 seconds of your request, and they had passed. Nothing was changed; please ${again}.`;

/** What the person is shown after the request, through its response_url, once the bot has tried views.open. */
async function shownAfter(request: () => Promise<Response>): Promise<{ refusal?: string; text?: string }> {
  const refusals = bot.slack.refusals.length;
  const responses = bot.slack.responses.length;
  expect((await request()).status).toBe(200);
  await vi.waitFor(() => expect(bot.slack.responses.length).toBeGreaterThan(responses));
  return {
    refusal: bot.slack.refusals.slice(refusals).find((r) => r.method === "views.open")?.error,
    text: String(bot.slack.responses.at(-1)?.body.text),
  };
}

describe("a form whose trigger Slack refuses", () => {
  it("says the check-in took too long when the command's trigger is over 3 s old", async () => {
    const where = await newTeam(bot, "Late", "late");
    const triggerId = bot.slack.workspace.issueTrigger(BOB.userId, Date.now() - TRIGGER_LIFETIME_MS - 100);
    const shown = await shownAfter(() => bot.command("checkin", { ...where, actor: BOB, triggerId }));
    expect(shown).toEqual({ refusal: "expired_trigger_id", text: tooSlow("run `/mlops checkin` again") });
    expect(bot.slack.workspace.modals.get(BOB.userId)).toBeUndefined();
  });

  it("says so for /mlops setup sent again with a trigger Slack already exchanged", async () => {
    const where = freshChannel(ALICE, "used");
    const triggerId = bot.slack.workspace.issueTrigger(ALICE.userId);
    await bot.command("setup", { ...where, triggerId });
    await vi.waitFor(() => expect(bot.slack.workspace.modals.get(ALICE.userId)).toHaveLength(1));
    const shown = await shownAfter(() => bot.command("setup", { ...where, triggerId }));
    expect(shown).toEqual({ refusal: "exchanged_trigger_id", text: tooSlow("run `/mlops setup` again") });
  });

  it("says so for a check-in button clicked with a trigger Slack never handed out", async () => {
    const where = await newTeam(bot, "Made up", "madeup");
    const value = String(await teamIdIn(bot.db, where.channelId));
    const shown = await shownAfter(() =>
      bot.click("open_checkin", {
        actor: BOB,
        value,
        channelId: where.channelId,
        triggerId: "123.456.made-up",
      }),
    );
    expect(shown).toEqual({ refusal: "invalid_trigger_id", text: tooSlow("click the button again") });
  });
});
