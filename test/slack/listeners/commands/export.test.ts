// `/mlops export` through the real app: the ack, then files.uploadV2 into the person's direct message.
import { describe, expect, it } from "vitest";
import { CRITERION_IDS } from "../../../../src/domain/rubric.js";
import { REQUEST_DATABASE_BUDGET_MS } from "../../../../src/slack/request-budget.js";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { ALICE } from "../../../support/payloads.js";
import { ADA, CAROL, CREATOR, introducePeople } from "../../../support/people.js";
import { upTo } from "../../../support/rounds.js";
import { answer, seedTeam } from "../../../support/seed.js";

const bot = useBot({
  clock: () => new Date("2026-02-23T12:00:00Z"),
  setup: async (b) => {
    introducePeople(b);
    b.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
    const fraud = await seedTeam(b.db, {
      channelId: "CFRAUD",
      name: "Fraud",
      createdAt: "2026-01-01T00:00:00Z",
      respondents: [ALICE.userId],
    });
    const search = await seedTeam(b.db, {
      channelId: "CSEARCH",
      name: "Search",
      createdAt: "2026-01-01T00:00:00Z",
    });
    await answer(b.db, { mlTeamId: fraud, period: "2026-02-16", userId: ALICE.userId, met: upTo(1) });
    await answer(b.db, { mlTeamId: search, period: "2026-02-16", userId: "USAM", met: [] });
  },
});

async function exported(): Promise<{ channel?: string; comment?: string; lines: string[] }> {
  await bot.slack.waitFor(() => [...bot.slack.files.values()].some((f) => f.channel !== undefined));
  const file = [...bot.slack.files.values()].find((f) => f.channel !== undefined);
  return {
    channel: file?.channel,
    comment: file?.initialComment,
    lines: String(file?.content).trim().split("\n"),
  };
}

describe("/mlops export", () => {
  it("sends a respondent the team's answers as a CSV in a direct message", async () => {
    bot.slack.reset();
    const reply = await replyOf(await bot.command("export", { actor: ALICE, channelId: "CFRAUD" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain("Preparing the answers of Fraud as a CSV file");
    const file = await exported();
    expect(file.channel).toBe(`D${ALICE.userId}`);
    expect(file.comment).toContain("one row per respondent per round");
    expect(file.lines).toEqual([
      `workspace_id,channel_id,round,user_id,role,${CRITERION_IDS.join(",")},note,confirmed_unchanged,na_reasons`,
      `T0,CFRAUD,2026-02-16,UALICE,,${CRITERION_IDS.map((id) => (upTo(1).includes(id) ? 1 : 0)).join(",")},,0,`,
    ]);
    expect(bot.slack.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  it("refuses someone who neither answers for the team, set it up nor administers the workspace", async () => {
    bot.slack.reset();
    const reply = await replyOf(await bot.command("export", { actor: CAROL, channelId: "CFRAUD" }));
    expect(reply.text).toContain(
      "The answers of Fraud are for its respondents, <@UCREATOR> who set it up, and workspace admins",
    );
    expect(bot.slack.callsTo("files.getUploadURLExternal")).toEqual([]);
  });

  it("exports every team for an admin, and only for an admin", async () => {
    bot.slack.reset();
    const refused = await replyOf(await bot.command("export all", { actor: ALICE, channelId: "CFRAUD" }));
    expect(refused.text).toContain("Only workspace admins and owners can export every team");
    expect(bot.slack.callsTo("files.getUploadURLExternal")).toEqual([]);
    await replyOf(await bot.command("export all", { actor: ADA, channelId: "CFRAUD" }));
    const file = await exported();
    expect(file.channel).toBe(`D${ADA.userId}`);
    expect(file.lines.map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      "workspace_id,channel_id,round,user_id",
      "T0,CFRAUD,2026-02-16,UALICE",
      "T0,CSEARCH,2026-02-16,USAM",
    ]);
  });

  it("builds a queued export's file when its turn comes, after its command's own database budget ran out", async () => {
    bot.slack.reset();
    // Each upload's last step answers late: the third export waits for one of the workspace's two slots.
    const slowUpload = bot.slack.afterAccepting((c) =>
      c.method === "files.completeUploadExternal" ? 1_500 : undefined,
    );
    const asked = Date.now();
    try {
      for (const actor of [ALICE, CREATOR, ADA])
        await replyOf(await bot.command("export", { actor, channelId: "CFRAUD" }));
      await bot.slack.waitFor(
        () => [...bot.slack.files.values()].filter((f) => f.channel).length === 3,
        15_000,
      );
    } finally {
      slowUpload();
    }
    const started = bot.slack.callsTo("files.getUploadURLExternal").map((c) => c.at - asked);
    expect(started[2]).toBeGreaterThan(REQUEST_DATABASE_BUDGET_MS);
    const adas = [...bot.slack.files.values()].find((f) => f.channel === `D${ADA.userId}`);
    expect(String(adas?.content).trim().split("\n")[1]).toBe(
      `T0,CFRAUD,2026-02-16,UALICE,,${CRITERION_IDS.map((id) => (upTo(1).includes(id) ? 1 : 0)).join(",")},,0,`,
    );
    // Each upload ends when its late answer comes, 1.5 s after Slack accepted it: wait for the last, so that
    // the next test's exports find none of these still running.
    const accepted = bot.slack.callsTo("files.completeUploadExternal").map((c) => c.at);
    await new Promise((resolve) => setTimeout(resolve, Math.max(...accepted) + 2_000 - Date.now()));
  });

  it("runs one export per person at a time: a second one while the first uploads is told to wait for it", async () => {
    bot.slack.reset();
    // The upload's last step answers late, so the first export is still running when the second comes.
    const slowUpload = bot.slack.afterAccepting((c) =>
      c.method === "files.completeUploadExternal" ? 1_500 : undefined,
    );
    try {
      const first = await replyOf(await bot.command("export", { actor: ALICE, channelId: "CFRAUD" }));
      expect(first.text).toContain("Preparing the answers of Fraud");
      const second = await replyOf(await bot.command("export", { actor: ALICE, channelId: "CFRAUD" }));
      expect(second).toMatchObject({
        response_type: "ephemeral",
        text: ":hourglass: Your export is still being prepared; it will arrive in a direct message.",
      });
      await exported();
      expect(bot.slack.callsTo("files.completeUploadExternal")).toHaveLength(1);
    } finally {
      slowUpload();
    }
    // Once the late answer has come (1.5 s after the upload), the person may export again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const third = await replyOf(await bot.command("export", { actor: ALICE, channelId: "CFRAUD" }));
    expect(third.text).toContain("Preparing the answers of Fraud");
  });
});
