import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { createTestDatabase } from "../support/database.js";
import { nextNotice, noticeCount, openModal, setUpTeam, submitModal, type Where } from "../support/flows.js";
import { type BotUnderTest, replyOf, startBotUnderTest } from "../support/harness.js";
import { inputBlock, setupValues } from "../support/modal-state.js";
import type { Actor } from "../support/payloads.js";

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const BOB: Actor = { teamId: "T0", userId: "UBOB" };
const ADA: Actor = { teamId: "T0", userId: "UADA" }; // a workspace admin
const GRID: Actor = { teamId: "T2GRID", userId: "UGRID", enterpriseId: "E1" };
const NOBODY: Actor = { teamId: "T0", userId: "UNOBODY" }; // users.info answers user_not_found

let database: DatabaseHandle;
let bot: BotUnderTest;
let channelCount = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { clock: () => new Date("2026-11-25T12:00:00Z") });
  bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
  bot.slack.users.set(BOB.userId, { id: BOB.userId, tz: "Asia/Tokyo" });
  bot.slack.users.set(ADA.userId, { id: ADA.userId, tz: "UTC", is_admin: true });
  bot.slack.users.set(GRID.userId, { id: GRID.userId, tz: "America/Chicago" });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});

function channel(actor = ALICE): Where {
  channelCount += 1;
  return { actor, channelId: `CSETUP${channelCount}`, channelName: `ml-setup-${channelCount}` };
}

async function teamIn(channelId: string) {
  return database.db
    .selectFrom("ml_teams")
    .selectAll()
    .where("channel_id", "=", channelId)
    .executeTakeFirst();
}

async function respondentsOf(mlTeamId: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom("team_respondents")
    .select("user_id")
    .where("ml_team_id", "=", mlTeamId)
    .orderBy("user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

describe("/mlops setup for a new team", () => {
  it("opens a modal pre-filled with the channel name, the person running it, weekly on Monday 10:00 and their time zone", async () => {
    const where = channel();
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
      const view = await openModal(bot, "setup", channel());
      expect(inputBlock(view, "setup:time_zone").element.initial_value).toBe("UTC");
    } finally {
      restore();
    }
  });

  it("saves the team and its respondents, and confirms in the channel to the person", async () => {
    const where = channel();
    const text = await setUpTeam(bot, where, {
      name: "Recommendations",
      respondents: [ALICE.userId, BOB.userId, "UCAROL"],
      cadence: "biweekly",
      day: "3",
      time: "09:30",
      timeZone: "america/new_york",
    });
    expect(text).toBe(
      ":white_check_mark: *Recommendations* is set up: check-ins every two weeks on Wednesday at 09:30 (America/New_York) for 3 people. Anyone in the team can run `/mlops checkin` here to answer now.",
    );
    const confirmation = bot.slack.callsTo("chat.postEphemeral").at(-1);
    expect(confirmation?.args).toMatchObject({ channel: where.channelId, user: ALICE.userId });
    const team = await teamIn(where.channelId);
    expect(team).toMatchObject({
      team_id: "T0",
      name: "Recommendations",
      cadence: "biweekly",
      checkin_day: 3,
      checkin_time: "09:30",
      time_zone: "America/New_York",
      created_by: ALICE.userId,
    });
    expect(await respondentsOf(team?.id ?? 0)).toEqual([ALICE.userId, BOB.userId, "UCAROL"].sort());
  });

  it("keeps the enterprise id Slack sends", async () => {
    const where = channel(GRID);
    await setUpTeam(bot, where, { name: "Grid team", respondents: [GRID.userId] });
    expect((await teamIn(where.channelId))?.enterprise_id).toBe("E1");
    const workspace = await database.db
      .selectFrom("workspaces")
      .selectAll()
      .where("team_id", "=", GRID.teamId)
      .executeTakeFirst();
    expect(workspace?.enterprise_id).toBe("E1");
  });

  it("refuses a time zone that is not an IANA name, naming an example, and stores nothing", async () => {
    const where = channel();
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "X", respondents: [ALICE.userId], timeZone: "Mars/Olympus" }),
      ALICE,
    );
    expect(reply).toEqual({
      response_action: "errors",
      errors: {
        "setup:time_zone":
          "“Mars/Olympus” is not a time zone I know. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.",
      },
    });
    expect(await teamIn(where.channelId)).toBeUndefined();
  });

  it("refuses the abbreviation est, whose fixed offset is an hour off in a US summer, and stores nothing", async () => {
    const where = channel();
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "X", respondents: [ALICE.userId], timeZone: "est" }),
      ALICE,
    );
    expect(reply).toEqual({
      response_action: "errors",
      errors: {
        "setup:time_zone":
          "“est” is not a full time zone name, so I can't tell when your clocks change. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.",
      },
    });
    expect(await teamIn(where.channelId)).toBeUndefined();
  });

  it("refuses an empty name and no respondents on their fields", async () => {
    const where = channel();
    const view = await openModal(bot, "setup", where);
    const reply = await submitModal(bot, view, setupValues(view, { name: "   ", respondents: [] }), ALICE);
    expect(Object.keys((reply as { errors: object }).errors).sort()).toEqual([
      "setup:name",
      "setup:respondents",
    ]);
    expect(await teamIn(where.channelId)).toBeUndefined();
  });

  it("asks to be run in a channel when used in a direct message", async () => {
    const reply = await replyOf(
      await bot.command("setup", { actor: ALICE, channelId: "DALICE", channelName: "directmessage" }),
    );
    expect(reply.text).toContain("Run `/mlops setup` in your ML team's channel");
  });

  it("escapes a team name like <!channel> in the confirmation", async () => {
    const text = await setUpTeam(bot, channel(), {
      name: "<!channel> & <@UBOB>",
      respondents: [ALICE.userId],
    });
    expect(text).toContain("*&lt;!channel&gt; &amp; &lt;@UBOB&gt;* is set up");
    expect(text).not.toContain("<!channel>");
  });

  it("confirms by direct message when the bot is not in the channel", async () => {
    const restore = bot.slack.fail("chat.postEphemeral", "channel_not_found");
    try {
      const text = await setUpTeam(bot, channel(), { name: "Private", respondents: [ALICE.userId] });
      expect(text).toContain("*Private* is set up");
      expect(bot.slack.callsTo("chat.postMessage").at(-1)?.args.channel).toBe(ALICE.userId);
    } finally {
      restore();
    }
  });
});

describe("changing an existing team", () => {
  it("lets the person who set it up edit it, with the current settings pre-filled", async () => {
    const where = channel();
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
    const team = await teamIn(where.channelId);
    expect(team?.name).toBe("Search & Ranking");
    expect(team?.created_by).toBe(ALICE.userId);
    expect(await respondentsOf(team?.id ?? 0)).toEqual([BOB.userId]);
  });

  it("lets a workspace admin edit it", async () => {
    const where = channel();
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
    expect((await teamIn(where.channelId))?.name).toBe("Fraud detection");
  });

  it("refuses anyone else at /mlops setup, before opening anything", async () => {
    const where = channel();
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
    const where = channel();
    await setUpTeam(bot, where, { name: "Ghosts", respondents: [ALICE.userId] });
    const reply = await replyOf(await bot.command("setup", { ...where, actor: NOBODY }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "Only workspace admins and owners, and <@UALICE> who set up this team, can change its settings.",
    );
    expect(reply.text).not.toContain("Sorry, something went wrong");
  });

  it("refuses a forged submission from anyone else, and changes nothing", async () => {
    const where = channel();
    await setUpTeam(bot, where, { name: "Speech", respondents: [ALICE.userId] });
    const view = await openModal(bot, "setup", where); // Alice's edit modal, replayed by Bob
    const before = await teamIn(where.channelId);
    const reply = await submitModal(
      bot,
      view,
      setupValues(view, { name: "Hijacked", respondents: [BOB.userId] }),
      BOB,
    );
    expect(reply).toEqual({
      response_action: "errors",
      errors: { "setup:name": expect.stringContaining("Only workspace admins and owners") },
    });
    expect(await teamIn(where.channelId)).toEqual(before);
    expect(await respondentsOf(before?.id ?? 0)).toEqual([ALICE.userId]);
  });

  it("refuses a 'new team' submission for a channel that has one meanwhile", async () => {
    const where = channel();
    const stale = await openModal(bot, "setup", where);
    await setUpTeam(bot, where, { name: "First", respondents: [ALICE.userId] });
    const reply = await submitModal(
      bot,
      stale,
      setupValues(stale, { name: "Second", respondents: [ALICE.userId] }),
      ALICE,
    );
    expect(reply).toMatchObject({
      response_action: "errors",
      errors: { "setup:name": expect.stringContaining("changed while the form was open") },
    });
    expect((await teamIn(where.channelId))?.name).toBe("First");
  });

  it("refuses forged private_metadata naming a malformed channel", async () => {
    const where = channel();
    const view = await openModal(bot, "setup", where);
    const forged = {
      ...view,
      private_metadata: JSON.stringify({ channelId: "C1>|<!channel", mlTeamId: null }),
    };
    const reply = await submitModal(
      bot,
      forged,
      setupValues(view, { name: "X", respondents: [ALICE.userId] }),
      ALICE,
    );
    expect(reply).toMatchObject({ response_action: "errors" });
    expect(
      await database.db
        .selectFrom("ml_teams")
        .select("id")
        .where("channel_id", "like", "%!channel%")
        .execute(),
    ).toEqual([]);
  });
});
