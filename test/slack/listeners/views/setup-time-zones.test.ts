// Time zones keep the names people chose: Intl files Asia/Kolkata under Asia/Calcutta (Europe/Kyiv under
// Europe/Kiev, Asia/Ho_Chi_Minh under Asia/Saigon); the bot saves and shows the current name typed, or Slack's.
import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { freshChannel, openModal, setUpTeam } from "../../../support/flows.js";
import { inputBlock } from "../../../support/modal-state.js";
import { ALICE } from "../../../support/payloads.js";
import { teamIn } from "../../../support/rows.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z") });

describe("time zone names", () => {
  it.each([
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["asia/kolkata", "Asia/Kolkata"],
    ["Europe/Kyiv", "Europe/Kyiv"],
    ["Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"],
    ["europe/berlin", "Europe/Berlin"],
    ["Asia/Calcutta", "Asia/Calcutta"],
  ])("%s typed is saved and shown as %s", async (typed, saved) => {
    const where = freshChannel(ALICE, "tz");
    const notice = await setUpTeam(bot, where, {
      name: "Zoned",
      respondents: [ALICE.userId],
      timeZone: typed,
    });
    expect(notice).toContain(`(${saved})`);
    expect((await teamIn(bot.db, where.channelId))?.time_zone).toBe(saved);
  });

  it("keeps the name Slack gives for the person as the default", async () => {
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Kyiv" });
    const where = freshChannel(ALICE, "tzslack");
    const modal = await openModal(bot, "setup", where);
    expect(inputBlock(modal, "setup:time_zone").element.initial_value).toBe("Europe/Kyiv");
    await setUpTeam(bot, where, { name: "From Slack", respondents: [ALICE.userId] });
    expect((await teamIn(bot.db, where.channelId))?.time_zone).toBe("Europe/Kyiv");
  });
});
