import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { SNOOZE_NUDGE_ACTION } from "../../src/slack/ids.js";
import { nudgeMessage } from "../../src/slack/views/nudge.js";
import { resetTables, seedTeam } from "../scheduler/support.js";
import { createTestDatabase } from "../support/database.js";
import { type BotUnderTest, FORM, replyOf, startBotUnderTest } from "../support/harness.js";
import { type Actor, ALICE, BOB, slashCommand } from "../support/payloads.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const STRANGER: Actor = { teamId: "T9", userId: "USTRANGER" };
// Carol works here but does not answer for the team; Ada is an admin, Owen an owner; Slack does not know Nobody.
const CAROL: Actor = { teamId: "T0", userId: "UCAROL" };
const ADA: Actor = { teamId: "T0", userId: "UADA" };
const OWEN: Actor = { teamId: "T0", userId: "UOWEN" };
const CREATOR: Actor = { teamId: "T0", userId: "UCREATOR" };
const NOBODY: Actor = { teamId: "T0", userId: "UNOBODY" };

let database: DatabaseHandle;
let bot: BotUnderTest;
let teamId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { clock: () => NOW });
  bot.slack.users.set(CAROL.userId, { id: CAROL.userId, tz: "Europe/Paris" });
  bot.slack.users.set(ADA.userId, { id: ADA.userId, tz: "UTC", is_admin: true });
  bot.slack.users.set(OWEN.userId, { id: OWEN.userId, tz: "UTC", is_owner: true });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});
beforeEach(async () => {
  await resetTables(database.db);
  bot.slack.reset();
  teamId = await seedTeam(database.db, {
    channelId: "CTEAM",
    name: "<!channel> models",
    createdAt: "2026-03-01T00:00:00Z",
    schedule: { timeZone: "Europe/Berlin" },
    respondents: [ALICE.userId, BOB.userId],
  });
});

async function pausedUntil(): Promise<Date | null> {
  const row = await database.db
    .selectFrom("ml_teams")
    .select("paused_until")
    .where("id", "=", teamId)
    .executeTakeFirst();
  return row?.paused_until ?? null;
}

describe("/mlops pause and /mlops resume", () => {
  it("pauses this channel's team for the given weeks and says until when", async () => {
    const reply = await replyOf(await bot.command("pause 2", { channelId: "CTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(await pausedUntil()).toEqual(new Date("2026-04-08T12:00:00Z"));
    expect(reply.text).toContain("&lt;!channel&gt; models");
    expect(reply.text).not.toContain("<!channel>");
    expect(reply.text).toContain("Wed 8 Apr, 14:00 (Europe/Berlin)");
    expect(reply.text).toContain("no check-in prompts, reminders or nudges");
  });

  it.each(["", "two", "0", "53", "2 days", "-1"])(
    "refuses %j with the usage and changes nothing",
    async (text) => {
      const reply = await replyOf(await bot.command(`pause ${text}`, { channelId: "CTEAM" }));
      expect(reply.text).toContain("/mlops pause <weeks>");
      expect(reply.text).toContain("1 to 52 weeks");
      expect(await pausedUntil()).toBeNull();
    },
  );

  it("accepts 3w and 3 weeks", async () => {
    await replyOf(await bot.command("pause 3w", { channelId: "CTEAM" }));
    expect(await pausedUntil()).toEqual(new Date("2026-04-15T12:00:00Z"));
    await replyOf(await bot.command("pause 1 week", { channelId: "CTEAM" }));
    expect(await pausedUntil()).toEqual(new Date("2026-04-01T12:00:00Z"));
  });

  it("explains when the channel has no team, also to another workspace using the same channel id", async () => {
    const here = await replyOf(await bot.command("pause 2", { channelId: "CELSEWHERE" }));
    expect(here.text).toContain("There is no ML team set up in <#CELSEWHERE>");
    const stranger = await replyOf(await bot.command("pause 2", { actor: STRANGER, channelId: "CTEAM" }));
    expect(stranger.text).toContain("There is no ML team");
    expect(await pausedUntil()).toBeNull();
  });

  it("resumes a paused team, and says so when it was not paused", async () => {
    await replyOf(await bot.command("pause 2", { channelId: "CTEAM" }));
    const resumed = await replyOf(await bot.command("resume", { actor: BOB, channelId: "CTEAM" }));
    expect(resumed.text).toContain("is back on");
    expect(await pausedUntil()).toBeNull();
    const again = await replyOf(await bot.command("resume", { channelId: "CTEAM" }));
    expect(again.text).toContain("is not paused");
  });
});

describe("who may pause and resume a team", () => {
  const refusal = (verb: string) =>
    `Only the team's respondents, <@UCREATOR> who set it up, and workspace admins and owners can ${verb} *&lt;!channel&gt; models*, so nothing changed.`;

  it("refuses someone who neither answers for the team nor set it up, saying who may and what to do", async () => {
    const reply = await replyOf(await bot.command("pause 52", { actor: CAROL, channelId: "CTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(refusal("pause"));
    expect(reply.text).toContain("Ask one of them to run `/mlops pause <weeks>`, or mute this channel");
    expect(await pausedUntil()).toBeNull();
  });

  it("refuses them a resume too, leaving the pause in place", async () => {
    await replyOf(await bot.command("pause 2", { actor: BOB, channelId: "CTEAM" }));
    const reply = await replyOf(await bot.command("resume", { actor: CAROL, channelId: "CTEAM" }));
    expect(reply.text).toContain(refusal("resume"));
    expect(reply.text).toContain("Ask one of them to run `/mlops resume`.");
    expect(await pausedUntil()).toEqual(new Date("2026-04-08T12:00:00Z"));
  });

  it("lets the person who set the team up pause it without asking Slack who they are", async () => {
    const reply = await replyOf(await bot.command("pause 1", { actor: CREATOR, channelId: "CTEAM" }));
    expect(reply.text).toContain("is paused until");
    expect(await pausedUntil()).toEqual(new Date("2026-04-01T12:00:00Z"));
    expect(bot.slack.callsTo("users.info")).toEqual([]);
  });

  it("lets workspace admins and owners pause and resume any team", async () => {
    await replyOf(await bot.command("pause 4", { actor: ADA, channelId: "CTEAM" }));
    expect(await pausedUntil()).toEqual(new Date("2026-04-22T12:00:00Z"));
    const reply = await replyOf(await bot.command("resume", { actor: OWEN, channelId: "CTEAM" }));
    expect(reply.text).toContain("is back on");
    expect(await pausedUntil()).toBeNull();
  });

  it("refuses clearly, not with an apology, when Slack cannot say who is asking", async () => {
    const reply = await replyOf(await bot.command("pause 2", { actor: NOBODY, channelId: "CTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain(
      "I couldn't check with Slack who you are (user_not_found), so *&lt;!channel&gt; models* was not paused.",
    );
    expect(reply.text).not.toContain("Sorry, something went wrong");
    expect(await pausedUntil()).toBeNull();
  });

  it("asks to be run in the team's channel when there is none, never naming <#undefined>", async () => {
    const direct = await replyOf(await bot.command("pause 2", { channelId: "DALICE" }));
    expect(direct.text).toContain("Run `/mlops pause 2` in the ML team's own channel");
    const fields: Record<string, string> = {
      ...slashCommand("pause 2", { responseUrl: bot.slack.responseUrl() }),
    };
    delete fields.channel_id;
    const missing = await replyOf(await bot.post(new URLSearchParams(fields).toString(), FORM));
    expect(missing.text).not.toMatch(/undefined|<#/);
    const resume = await replyOf(await bot.command("resume", { channelId: "" }));
    expect(resume.text).not.toMatch(/undefined|<#>/);
    expect(await pausedUntil()).toBeNull();
  });
});

describe("/mlops digest", () => {
  async function setting() {
    return database.db
      .selectFrom("workspaces")
      .select(["digest_channel_id", "digest_time_zone", "digest_set_by"])
      .where("team_id", "=", "T0")
      .executeTakeFirstOrThrow();
  }

  it("makes this channel the workspace's digest channel, in the person's time zone", async () => {
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Asia/Kolkata" });
    const reply = await replyOf(await bot.command("digest", { channelId: "CLEADS" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("now goes to <#CLEADS>, every Monday at 09:00 (Asia/Kolkata");
    expect(await setting()).toEqual({
      digest_channel_id: "CLEADS",
      digest_time_zone: "Asia/Kolkata",
      digest_set_by: ALICE.userId,
    });
    const moved = await replyOf(await bot.command("digest", { channelId: "CNEW" }));
    expect(moved.text).toContain("It no longer goes to <#CLEADS>");
  });

  it("falls back to UTC when Slack gives no usable time zone", async () => {
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Not/AZone" });
    await replyOf(await bot.command("digest", { channelId: "CLEADS" }));
    expect((await setting()).digest_time_zone).toBe("UTC");
  });

  it("stops with off, and says when there was nothing to stop", async () => {
    bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "UTC" });
    await replyOf(await bot.command("digest", { channelId: "CLEADS" }));
    const off = await replyOf(await bot.command("digest off", { channelId: "CANY" }));
    expect(off.text).toContain("no longer goes to <#CLEADS>");
    expect((await setting()).digest_channel_id).toBeNull();
    expect((await replyOf(await bot.command("digest OFF"))).text).toContain(
      "There was no weekly digest to stop",
    );
  });

  it("refuses a direct message and unknown words, changing nothing", async () => {
    expect((await replyOf(await bot.command("digest", { channelId: "D0123" }))).text).toContain(
      "not in a direct message",
    );
    expect((await replyOf(await bot.command("digest <!here>", { channelId: "CLEADS" }))).text).toContain(
      "&lt;!here&gt;",
    );
    expect((await setting()).digest_channel_id).toBeNull();
  });

  it("is listed in /mlops help with pause and resume", async () => {
    const help = await replyOf(await bot.command("help"));
    for (const usage of ["/mlops digest [off]", "/mlops pause <weeks>", "/mlops resume"])
      expect(help.text).toContain(usage);
  });
});

describe("who may move or stop the digest", () => {
  async function setting() {
    return database.db
      .selectFrom("workspaces")
      .select(["digest_channel_id", "digest_set_by"])
      .where("team_id", "=", "T0")
      .executeTakeFirstOrThrow();
  }
  const digest = async (text: string, actor: Actor, channelId = "CANY") =>
    replyOf(await bot.command(text, { actor, channelId }));

  it("lets anyone choose the first channel", async () => {
    expect((await digest("digest", CAROL, "CLEADS")).text).toContain("now goes to <#CLEADS>");
    expect(await setting()).toEqual({ digest_channel_id: "CLEADS", digest_set_by: CAROL.userId });
  });

  it("refuses anyone else moving or stopping it, saying where it goes, who may, and what to do", async () => {
    await digest("digest", CAROL, "CLEADS");
    for (const text of ["digest", "digest off"]) {
      const reply = await digest(text, BOB, "CRANDOM");
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toContain(
        `The weekly MLOps digest goes to <#CLEADS>, and only <@UCAROL>, who sent it there, and workspace admins and owners can ${text === "digest" ? "move" : "stop"} it.`,
      );
      expect(reply.text).toContain("Ask one of them");
    }
    expect(await setting()).toEqual({ digest_channel_id: "CLEADS", digest_set_by: CAROL.userId });
  });

  it("lets whoever chose it move it and stop it", async () => {
    await digest("digest", CAROL, "CLEADS");
    expect((await digest("digest", CAROL, "CNEW")).text).toContain("It no longer goes to <#CLEADS>");
    expect((await digest("digest off", CAROL)).text).toContain("no longer goes to <#CNEW>");
    expect((await setting()).digest_channel_id).toBeNull();
  });

  it("lets workspace admins and owners move it and stop it", async () => {
    await digest("digest", CAROL, "CLEADS");
    await digest("digest", ADA, "CADMINS");
    expect(await setting()).toEqual({ digest_channel_id: "CADMINS", digest_set_by: ADA.userId });
    await digest("digest off", OWEN);
    expect((await setting()).digest_channel_id).toBeNull();
  });

  it("refuses clearly, not with an apology, when Slack cannot say who is asking", async () => {
    await digest("digest", CAROL, "CLEADS");
    for (const text of ["digest", "digest off"]) {
      const reply = await digest(text, NOBODY, "CRANDOM");
      expect(reply.text).toContain(
        "I couldn't check with Slack who you are (user_not_found), so nothing changed.",
      );
      expect(reply.text).not.toContain("Sorry, something went wrong");
    }
    expect(await setting()).toEqual({ digest_channel_id: "CLEADS", digest_set_by: CAROL.userId });
  });

  it("still lets someone Slack cannot describe choose the first channel, in UTC, and says so", async () => {
    const reply = await digest("digest", NOBODY, "CLEADS");
    expect(reply.text).toContain("every Monday at 09:00 (UTC: Slack didn't tell me your time zone)");
    expect(await setting()).toEqual({ digest_channel_id: "CLEADS", digest_set_by: NOBODY.userId });
  });
});

describe("the Snooze 4 weeks button", () => {
  const message = () =>
    nudgeMessage({
      mlTeamId: teamId,
      teamName: "ML",
      period: "2026-03-16",
      nudge: { kind: "siloed_roles", workOn: "ds_de_collaboration" },
    });

  async function snoozes() {
    return database.db.selectFrom("snoozes").selectAll().execute();
  }

  it("silences that kind for the team for 28 days, confirms, and updates the nudge for everyone", async () => {
    const res = await bot.click(SNOOZE_NUDGE_ACTION, {
      value: `${teamId}:siloed_roles`,
      channelId: "CTEAM",
      messageBlocks: message().blocks,
    });
    expect(res.status).toBe(200);
    await bot.slack.waitFor(() => bot.slack.responses.length >= 2);
    expect(await snoozes()).toEqual([
      {
        ml_team_id: teamId,
        kind: "siloed_roles",
        until: new Date("2026-04-22T12:00:00Z"),
        snoozed_by: ALICE.userId,
      },
    ]);
    const [confirmation, update] = bot.slack.responses.map((r) => r.body);
    expect(confirmation).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(confirmation?.text).toContain("No siloed-roles nudges for *&lt;!channel&gt; models* until");
    expect(update).toMatchObject({ replace_original: true });
    expect(JSON.stringify(update?.blocks)).toContain(`<@${ALICE.userId}> snoozed siloed-roles nudges`);
    expect(JSON.stringify(update?.blocks)).not.toContain(SNOOZE_NUDGE_ACTION);
  });

  it.each(["", "abc", `1:world_peace`, "1:siloed_roles:extra", "99999999999:siloed_roles"])(
    "refuses a forged value %j and stores nothing",
    async (value) => {
      await bot.click(SNOOZE_NUDGE_ACTION, { value, channelId: "CTEAM" });
      await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
      expect(await snoozes()).toEqual([]);
      expect(bot.slack.responses.map((r) => r.body.text)).toEqual([expect.stringContaining("out of date")]);
    },
  );

  it("refuses a team of another workspace and stores nothing", async () => {
    await bot.click(SNOOZE_NUDGE_ACTION, {
      actor: STRANGER,
      value: `${teamId}:siloed_roles`,
      channelId: "CTEAM",
    });
    await bot.slack.waitFor(() => bot.slack.responses.length >= 1);
    expect(await snoozes()).toEqual([]);
    expect(bot.slack.responses.map((r) => r.body.text)).toEqual([
      expect.stringContaining("couldn't find that ML team"),
    ]);
  });
});
