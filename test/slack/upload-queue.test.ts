// Exports while Slack answers 429 to its upload methods, through the signed endpoint (issue 22 item 2): the
// uploads wait in their workspace's lane, nobody else's calls wait with them, and a stop hands back what waits.
import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { UploadQueue } from "../../src/slack/upload-queue.js";
import { useBot } from "../support/fixture.js";
import { replyOf } from "../support/harness.js";
import { silentLogger } from "../support/logger.js";
import { type Actor, ALICE, BOB } from "../support/payloads.js";
import { answer, seedTeam } from "../support/seed.js";

const UPLOAD_METHODS = ["files.getUploadURLExternal", "files.completeUploadExternal"];
// More people than the lane holds (25 waiting): each answers for the team, so each may export it.
const PEOPLE: Actor[] = Array.from({ length: 28 }, (_, i) => ({
  teamId: "T0",
  userId: `UPERSON${String(i).padStart(2, "0")}`,
}));

const bot = useBot({
  clock: () => new Date("2026-02-23T12:00:00Z"),
  setup: async (b) => {
    const respondents = [ALICE, BOB, ...PEOPLE].map((p) => p.userId);
    const fraud = await seedTeam(b.db, {
      channelId: "CFRAUD",
      name: "Fraud",
      createdAt: "2026-01-01",
      respondents,
    });
    await answer(b.db, { mlTeamId: fraud, period: "2026-02-16", userId: ALICE.userId, met: [] });
  },
});

function rateLimitUploads(retryAfterSeconds: number, times?: number): () => void {
  const undo = UPLOAD_METHODS.map((method) => bot.slack.rateLimit(method, { retryAfterSeconds, times }));
  return () => {
    for (const u of undo) u();
  };
}

const delivered = (actor: Actor) =>
  [...bot.slack.files.values()].filter((f) => f.channel === `D${actor.userId}`).length;

const exportAs = async (actor: Actor) =>
  (await replyOf(await bot.command("export", { actor, channelId: "CFRAUD" }))).text ?? "";

describe("exports while Slack rate-limits uploads", () => {
  it("never delays another person's views.open: 250 exports from one person, then a check-in opens within 1 s", async () => {
    bot.slack.reset();
    const undo = rateLimitUploads(5);
    try {
      const replies = await Promise.all(Array.from({ length: 250 }, () => exportAs(ALICE)));
      expect(replies.filter((r) => r.includes("Preparing the answers of Fraud"))).toHaveLength(1);
      expect(replies.filter((r) => r.includes("Your export is still being prepared"))).toHaveLength(249);
      // Slack has answered 429 to the upload: from here on, Bolt's own client would pause for Retry-After.
      await bot.slack.waitFor(() => bot.slack.callsTo("files.getUploadURLExternal").length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sent = Date.now();
      expect((await bot.command("checkin", { actor: BOB, channelId: "CFRAUD" })).status).toBe(200);
      await bot.slack.waitFor(() => bot.slack.callsTo("views.open").length === 1, 6_000);
      const [opened] = bot.slack.callsTo("views.open");
      expect(opened?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(sent + 1_000);
    } finally {
      undo();
    }
    // Slack takes uploads again: Alice's one export arrives once its Retry-After has passed.
    await bot.slack.waitFor(() => delivered(ALICE) === 1, 8_000);
  });

  it("waits out Retry-After in the workspace's lane, then delivers the file", async () => {
    bot.slack.reset();
    const undo = rateLimitUploads(1, 1);
    try {
      expect(await exportAs(BOB)).toContain("Preparing the answers of Fraud");
      await bot.slack.waitFor(() => delivered(BOB) === 1, 6_000);
      // Each upload method refused once with 429: each time the export waited a second and began again.
      const asked = bot.slack.callsTo("files.getUploadURLExternal").map((c) => c.at);
      expect(asked).toHaveLength(3);
      expect((asked[1] ?? 0) - (asked[0] ?? 0)).toBeGreaterThanOrEqual(950);
      expect((asked[2] ?? 0) - (asked[1] ?? 0)).toBeGreaterThanOrEqual(950);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(delivered(BOB)).toBe(1);
    } finally {
      undo();
    }
  });
});

describe("a 429 to one person's call in a request", () => {
  it("tells that person to try again at once, and another person's views.open goes out meanwhile", async () => {
    bot.slack.reset();
    // Somebody outside the team: the bot asks Slack whether they are in the channel, and Slack says 429.
    const undo = bot.slack.rateLimit("conversations.members", { retryAfterSeconds: 5 });
    try {
      const started = Date.now();
      const outsider = await replyOf(
        await bot.command("checkin", { actor: { teamId: "T0", userId: "UOUTSIDER" }, channelId: "CFRAUD" }),
      );
      expect(outsider.text).toBe(
        ":hourglass: Slack is asking the MLOps bot to slow down right now, so your request was not finished. Please try again in 5 s.",
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      const sent = Date.now();
      expect((await bot.command("checkin", { actor: BOB, channelId: "CFRAUD" })).status).toBe(200);
      await bot.slack.waitFor(() => bot.slack.callsTo("views.open").length === 1);
      expect(bot.slack.callsTo("views.open")[0]?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(sent + 1_000);
    } finally {
      undo();
    }
  });
});

// Last of the bot's: it stops the bot.
describe("a workspace's upload lane, and stopping the bot", () => {
  it("says 'queued' while uploads wait, 'too many' beyond the lane's 25, and hands back what waits when the bot stops", async () => {
    bot.slack.reset();
    rateLimitUploads(60);
    const [first, second, ...others] = PEOPLE as [Actor, Actor, ...Actor[]];
    expect(await exportAs(first)).toContain("Preparing the answers of Fraud");
    // The first upload met the 429: the lane waits a minute, and every later export is queued behind it.
    await bot.slack.waitFor(() => bot.slack.callsTo("files.getUploadURLExternal").length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await exportAs(second)).toBe(
      ":hourglass: Your export of the answers of Fraud is queued behind 1 other export in this workspace (Slack paces uploads). It arrives in a direct message from me when its turn comes; there is nothing more to do.",
    );
    const later = [];
    for (const person of others) later.push(await exportAs(person));
    expect(later.slice(0, 23).every((r) => r.includes("is queued behind"))).toBe(true);
    expect(later[22]).toContain("queued behind 24 other exports");
    expect(later.slice(23)).toEqual([
      ":no_entry: Too many exports are waiting in this workspace right now (25), so yours was not queued. Please run `/mlops export` again in a few minutes.",
      ":no_entry: Too many exports are waiting in this workspace right now (25), so yours was not queued. Please run `/mlops export` again in a few minutes.",
      ":no_entry: Too many exports are waiting in this workspace right now (25), so yours was not queued. Please run `/mlops export` again in a few minutes.",
    ]);
    const started = Date.now();
    await bot.bot.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    const handedBack = bot.slack.responses.map((r) => String(r.body.text));
    expect(handedBack).toHaveLength(25);
    expect(new Set(handedBack)).toEqual(
      new Set([
        ":warning: Your export of the answers of Fraud did not run: the bot restarted before it could be uploaded. Nothing was sent; please run `/mlops export` again in a minute.",
      ]),
    );
    expect(bot.slack.files.size).toBe(0);
  });
});

describe("an upload Slack keeps refusing", () => {
  it("is handed back once it has met 429s for longer than the lane allows, and the lane moves on", async () => {
    const told: string[] = [];
    const queue = new UploadQueue({ logger: silentLogger(), concurrency: 1, maxRateLimitedMs: 300 });
    // What the Web API client throws for a 429 when it hands rate limits back: Retry-After of 0.1 s.
    const limited = () =>
      Promise.reject(
        Object.assign(new Error("rate limited"), {
          code: webApi.ErrorCode.RateLimitedError,
          retryAfter: 0.1,
        }),
      );
    let attempts = 0;
    const job = (person: string, run: () => Promise<void>) => ({
      person,
      run,
      handBack: async (reason: string) => void told.push(`${person} handed back: ${reason}`),
      failed: async () => void told.push(`${person} failed`),
    });
    expect(
      queue.add(
        "T0",
        job("UALICE", () => {
          attempts++;
          return limited();
        }),
      ),
    ).toEqual({ kind: "started" });
    expect(
      queue.add(
        "T0",
        job("UBOB", async () => void told.push("UBOB uploaded")),
      ),
    ).toEqual({ kind: "queued", ahead: 1 });
    await expect
      .poll(() => told, { timeout: 2_000 })
      .toEqual(["UALICE handed back: rate_limited", "UBOB uploaded"]);
    expect(attempts).toBeGreaterThanOrEqual(3);
    await queue.stop(100);
  });
});
