import { beforeEach, describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { FORM, replyOf } from "../../../support/harness.js";
import { ALICE, BOB, slashCommand } from "../../../support/payloads.js";
import {
  ADA,
  CAROL,
  CREATOR,
  introducePeople,
  NOBODY,
  NOT_OUR_WORKSPACE,
  OWEN,
  STRANGER,
} from "../../../support/people.js";
import { seedTeam } from "../../../support/seed.js";

// /mlops pause and /mlops resume (pause.ts, resume.ts): one permission rule, so tested together.
const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({
  clock: () => NOW,
  resetBetweenTests: true,
  setup: introducePeople,
});
let teamId: number;

beforeEach(async () => {
  teamId = await seedTeam(bot.db, {
    channelId: "CTEAM",
    name: "<!channel> models",
    createdAt: "2026-03-01T00:00:00Z",
    schedule: { timeZone: "Europe/Berlin" },
    respondents: [ALICE.userId, BOB.userId],
  });
});

async function pausedUntil(): Promise<Date | null> {
  const row = await bot.db
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
    expect(reply.text).toContain("Wed 8 Apr 2026, 14:00 (Europe/Berlin)");
    expect(reply.text).toContain("no check-in prompts, reminders or nudges");
  });

  it.each(["", "two", "0", "53", "2 days", "-1"])(
    "refuses %j with the usage and changes nothing",
    async (text) => {
      const reply = await replyOf(await bot.command(`pause ${text}`, { channelId: "CTEAM" }));
      expect(reply.text).toContain("/mlops pause &lt;weeks&gt;");
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

  it("explains when the channel has no team, and refuses another workspace using the same channel id", async () => {
    const here = await replyOf(await bot.command("pause 2", { channelId: "CELSEWHERE" }));
    expect(here.text).toContain("There is no ML team set up in <#CELSEWHERE>");
    const stranger = await replyOf(await bot.command("pause 2", { actor: STRANGER, channelId: "CTEAM" }));
    expect(stranger.text).toContain(NOT_OUR_WORKSPACE);
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
    expect(reply.text).toContain("Ask one of them to run `/mlops pause &lt;weeks&gt;`, or mute this channel");
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
