import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import {
  freshChannel,
  nextNotice,
  noticeCount,
  openModal,
  setUpTeam,
  submitModal,
} from "../../../support/flows.js";
import { replyOf } from "../../../support/harness.js";
import { inputBlock, setupValues } from "../../../support/modal-state.js";
import { ALICE, BOB } from "../../../support/payloads.js";
import { ADA, introduceTeamMakers, NOBODY } from "../../../support/people.js";
import { respondentsOf, teamIn } from "../../../support/rows.js";

const bot = useBot({ clock: () => new Date("2026-11-25T12:00:00Z"), setup: introduceTeamMakers });

describe("/mlops setup for a new team", () => {
  it("opens a modal pre-filled with the channel name, the person running it, weekly on Monday 10:00 and their time zone", async () => {
    const where = freshChannel(ALICE, "setup");
    const view = await openModal(bot, "setup", where);
    expect(view.title?.text).toBe("Set up ML team");
    expect(inputBlock(view, "setup:name").element.initial_value).toBe(where.channelName);
    expect(inputBlock(view, "setup:respondents").element).toMatchObject({
      type: "multi_users_select",
      initial_users: [ALICE.userId],
    });
    expect(inputBlock(view, "setup:cadence").element.initial_option?.value).toBe("weekly");
    expect(inputBlock(view, "setup:cadence").element.options?.map((o) => o.value)).toEqual([
      "weekly",
      "biweekly",
      "monthly",
    ]);
    expect(inputBlock(view, "setup:day").element.initial_option?.text.text).toBe("Monday");
    expect(inputBlock(view, "setup:time").element).toMatchObject({
      type: "timepicker",
      initial_time: "10:00",
    });
    expect(inputBlock(view, "setup:time_zone").element.initial_value).toBe("Europe/Berlin");
    // The trigger_id is used right away, with the command's own trigger.
    expect(bot.slack.callsTo("views.open").at(-1)?.args.trigger_id).toMatch(/\.trigger$/);
  });

  it("falls back to UTC when Slack does not say the person's time zone", async () => {
    const restore = bot.slack.fail("users.info", "missing_scope");
    try {
      const view = await openModal(bot, "setup", freshChannel(ALICE, "setup"));
      expect(inputBlock(view, "setup:time_zone").element.initial_value).toBe("UTC");
    } finally {
      restore();
    }
  });

  it("asks to be run in a channel when used in a direct message", async () => {
    const reply = await replyOf(
      await bot.command("setup", { actor: ALICE, channelId: "DALICE", channelName: "directmessage" }),
    );
    expect(reply.text).toContain("Run `/mlops setup` in your ML team's channel");
  });
});

describe("changing an existing team", () => {
  it("lets the person who set it up edit it, with the current settings pre-filled", async () => {
    const where = freshChannel(ALICE, "setup");
    await setUpTeam(bot, where, { name: "Search", respondents: [ALICE.userId, BOB.userId], day: "5" });
    const view = await openModal(bot, "setup", where);
    expect(view.title?.text).toBe("Edit ML team");
    expect(inputBlock(view, "setup:name").element.initial_value).toBe("Search");
    expect(inputBlock(view, "setup:respondents").element.initial_users).toEqual([ALICE.userId, BOB.userId]);
    expect(inputBlock(view, "setup:day").element.initial_option?.value).toBe("5");
    const before = noticeCount(bot);
    await submitModal(
      bot,
      view,
      setupValues(view, { name: "Search & Ranking", respondents: [BOB.userId] }),
      ALICE,
    );
    expect(await nextNotice(bot, before)).toContain(
      "*Search &amp; Ranking* is updated: weekly check-ins on Friday",
    );
    const team = await teamIn(bot.db, where.channelId);
    expect(team?.name).toBe("Search & Ranking");
    expect(team?.created_by).toBe(ALICE.userId);
    expect(await respondentsOf(bot.db, team?.id ?? 0)).toEqual([BOB.userId]);
  });

  it("lets a workspace admin edit it", async () => {
    const where = freshChannel(ALICE, "setup");
    await setUpTeam(bot, where, { name: "Fraud", respondents: [ALICE.userId] });
    const view = await openModal(bot, "setup", { ...where, actor: ADA });
    const before = noticeCount(bot);
    await submitModal(
      bot,
      view,
      setupValues(view, { name: "Fraud detection", respondents: [ALICE.userId] }),
      ADA,
    );
    expect(await nextNotice(bot, before)).toContain("is updated");
    expect((await teamIn(bot.db, where.channelId))?.name).toBe("Fraud detection");
  });

  it("refuses anyone else at /mlops setup, before opening anything", async () => {
    const where = freshChannel(ALICE, "setup");
    await setUpTeam(bot, where, { name: "Vision", respondents: [ALICE.userId, BOB.userId] });
    const opened = bot.slack.callsTo("views.open").length;
    const reply = await replyOf(await bot.command("setup", { ...where, actor: BOB }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "Only workspace admins and owners, and <@UALICE> who set up this team, can change its settings.",
    );
    expect(bot.slack.callsTo("views.open")).toHaveLength(opened);
  });

  it("refuses clearly, not with an apology, someone Slack cannot describe", async () => {
    const where = freshChannel(ALICE, "setup");
    await setUpTeam(bot, where, { name: "Ghosts", respondents: [ALICE.userId] });
    const reply = await replyOf(await bot.command("setup", { ...where, actor: NOBODY }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "Only workspace admins and owners, and <@UALICE> who set up this team, can change its settings.",
    );
    expect(reply.text).not.toContain("Sorry, something went wrong");
  });
});
