import { beforeEach, describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { type Actor, ALICE, BOB } from "../../../support/payloads.js";
import { ADA, CAROL, introducePeople, NOBODY, OWEN } from "../../../support/people.js";
import { seedTeam } from "../../../support/seed.js";

const NOW = new Date("2026-03-25T12:00:00Z");
const bot = useBot({
  clock: () => NOW,
  resetBetweenTests: true,
  setup: introducePeople,
});

// The workspace T0, with a team.
beforeEach(() => seedTeam(bot.db, { channelId: "CTEAM", createdAt: "2026-03-01T00:00:00Z" }));

describe("/mlops digest", () => {
  async function setting() {
    return bot.db
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
    for (const usage of ["/mlops digest [off]", "/mlops pause &lt;weeks&gt;", "/mlops resume"])
      expect(help.text).toContain(usage);
  });
});

describe("who may move or stop the digest", () => {
  async function setting() {
    return bot.db
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
