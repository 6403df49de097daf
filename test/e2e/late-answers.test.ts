// Late answers land where they belong: a check-in opened in one round and submitted after it closed counts
// for that round until its digest goes out (and the digest includes it); after the digest, the person is told
// the round has closed and the answer is saved for the current round.
import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { openModal, submitModal } from "../support/flows.js";
import { visibleText } from "../support/messages.js";
import { checkinValues } from "../support/modal-state.js";
import { ALICE, BOB } from "../support/payloads.js";
import { posts, tickAt } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";

let now = new Date("2026-11-29T20:00:00Z");
const bot = useBot({ clock: () => now });
const LEVEL_0 = { people: "siloed", release: "manual_handoff", checked: ["automated_builds"] };

async function periodsOf(userId: string): Promise<string[]> {
  const rows = await bot.db
    .selectFrom("answers")
    .select("period")
    .where("user_id", "=", userId)
    .orderBy("period")
    .execute();
  return rows.map((r) => r.period);
}

const lastEphemeral = () => String(bot.slack.callsTo("chat.postEphemeral").at(-1)?.args.text ?? "");

describe("late answers", () => {
  it("count for the round the form was opened for until its digest goes out, then for the current round", async () => {
    const deps = bot.bot.deps;
    await seedTeam(bot.db, {
      channelId: "CLATE",
      name: "Late",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
      schedule: { timeZone: "UTC" },
    });
    const where = (actor: typeof ALICE) => ({ actor, channelId: "CLATE" });
    // Sunday evening, in the round of Mon 23 Nov: Alice and Bob open the check-in and leave it open.
    const alices = await openModal(bot, "checkin", where(ALICE));
    const bobs = await openModal(bot, "checkin", where(BOB));
    expect(visibleText(alices.blocks[0])).toContain("round of Mon 23 Nov");

    // Midnight: the round closes with no answers.
    await tickAt(deps, "2026-11-30T00:05:00Z");
    const snapshot = () =>
      bot.db
        .selectFrom("round_snapshots")
        .select(["answered", "level"])
        .where("period", "=", "2026-11-23")
        .executeTakeFirst();
    expect(await snapshot()).toMatchObject({ answered: 0, level: null });

    // Monday 08:00, before the 09:00 digest: Alice's answer counts for the round she opened it for.
    now = new Date("2026-11-30T08:00:00Z");
    expect(await submitModal(bot, alices, checkinValues(alices, LEVEL_0), ALICE)).toBeNull();
    await bot.slack.waitFor(() => lastEphemeral().includes("Late"));
    expect(lastEphemeral()).toContain(
      "Thanks! The round of Mon 23 Nov has closed, but its digest has not gone out yet, so your answer counts for it.",
    );
    expect(await periodsOf(ALICE.userId)).toEqual(["2026-11-23"]);
    expect(await snapshot()).toMatchObject({ answered: 1, level: 0 });

    // The digest includes it.
    await tickAt(deps, "2026-11-30T09:30:00Z");
    const digest = posts(bot.slack, "CLATE").find((c) => visibleText(c.args.blocks).includes("MLOps digest"));
    expect(visibleText(digest?.args.blocks)).toContain("*Answered:* 1 of 2 respondents");

    // After the digest, Bob's form of the same round saves for the current round, and says so plainly.
    now = new Date("2026-11-30T11:00:00Z");
    const calls = bot.slack.callsTo("chat.postEphemeral").length;
    expect(await submitModal(bot, bobs, checkinValues(bobs, LEVEL_0), BOB)).toBeNull();
    await bot.slack.waitFor(() => bot.slack.callsTo("chat.postEphemeral").length > calls);
    expect(lastEphemeral()).toContain(
      ":information_source: The round of Mon 23 Nov has closed and its digest has gone out, so your answer is saved for the current round (Mon 30 Nov) instead.",
    );
    expect(await periodsOf(BOB.userId)).toEqual(["2026-11-30"]);
  });

  it("ignores a round in private_metadata that the bot did not seal", async () => {
    now = new Date("2026-11-29T20:00:00Z");
    await seedTeam(bot.db, {
      channelId: "CFORGE",
      name: "Forged",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId],
      schedule: { timeZone: "UTC" },
    });
    const modal = await openModal(bot, "checkin", { actor: ALICE, channelId: "CFORGE" });
    const metadata = JSON.parse(modal.private_metadata ?? "{}");
    const forged = {
      ...modal,
      private_metadata: JSON.stringify({ ...metadata, round: `x.${metadata.mlTeamId}:2026-11-23` }),
    };
    now = new Date("2026-11-30T08:00:00Z");
    expect(await submitModal(bot, forged, checkinValues(modal, LEVEL_0), ALICE)).toBeNull();
    const id = metadata.mlTeamId as number;
    const rows = await bot.db.selectFrom("answers").select("period").where("ml_team_id", "=", id).execute();
    expect(rows.map((r) => r.period)).toEqual(["2026-11-30"]);
  });
});
