// "Nothing changed" as a new user would try it: a respondent with a previous answer is counted from Monday's
// prompt in one click, without a modal; the reminder offers it too; the digest counts the answer.
import { describe, expect, it } from "vitest";
import { CHECKIN_CALLBACK, NOTHING_CHANGED_ACTION } from "../../src/slack/ids.js";
import { useBot } from "../support/fixture.js";
import { openModal } from "../support/flows.js";
import { actionIds, visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { posts, tickAt } from "../support/scheduled.js";
import { answer, seedTeam } from "../support/seed.js";

let now = new Date("2026-11-30T11:00:00Z");
const bot = useBot({ clock: () => now });

type Element = { action_id: string; value: string };
const buttonIn = (call: { args: Record<string, unknown> } | undefined, actionId: string) =>
  ((call?.args.blocks as { elements?: Element[] }[]) ?? [])
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === actionId);

async function answersOf(userId: string) {
  return bot.db
    .selectFrom("answers")
    .select(["period", "met", "note", "confirmed_unchanged"])
    .where("user_id", "=", userId)
    .orderBy("period")
    .execute();
}

describe("Nothing changed", () => {
  it("counts a respondent's previous answer from Monday's prompt without a modal, and the digest counts it", async () => {
    const { slack } = bot;
    const deps = bot.bot.deps;
    const id = await seedTeam(bot.db, {
      channelId: "CSAME",
      name: "Fraud models",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
      schedule: { timeZone: "UTC" },
    });
    await answer(bot.db, { mlTeamId: id, period: "2026-11-23", userId: ALICE.userId, met: SEED_LEVEL_1 });

    // Monday 10:05: the prompt has both buttons.
    await tickAt(deps, "2026-11-30T10:05:00Z");
    const prompt = posts(slack, "CSAME").at(-1);
    expect(visibleText(prompt?.args.blocks)).toContain("Check in");
    expect(visibleText(prompt?.args.blocks)).toContain("Nothing changed");
    const button = buttonIn(prompt, NOTHING_CHANGED_ACTION);
    expect(button?.value).toBe(String(id));

    const opened = slack.callsTo("views.open").length;
    const responded = slack.responses.length;
    const click = await bot.click(NOTHING_CHANGED_ACTION, {
      actor: ALICE,
      value: button?.value,
      channelId: "CSAME",
    });
    expect(click.status).toBe(200);
    await slack.waitFor(() => slack.responses.length > responded);
    const reply = slack.responses.at(-1)?.body;
    expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(visibleText(reply)).toBe(
      ":white_check_mark: Counted: nothing changed since your last answer, so it is your answer for the round of Mon 30 Nov. " +
        "*Fraud models* is at *Level 1 — DevOps but no MLOps*; next: Data scientists and data engineers work together directly. " +
        "(1 answer this round; `/mlops status` shows the details.)",
    );
    expect(slack.callsTo("views.open")).toHaveLength(opened);
    expect(await answersOf(ALICE.userId)).toEqual([
      { period: "2026-11-23", met: [...SEED_LEVEL_1], note: null, confirmed_unchanged: null },
      { period: "2026-11-30", met: [...SEED_LEVEL_1], note: null, confirmed_unchanged: true },
    ]);

    // A second click leaves the answer as it is and says so.
    await bot.click(NOTHING_CHANGED_ACTION, { actor: ALICE, value: button?.value, channelId: "CSAME" });
    await slack.waitFor(() => slack.responses.length > responded + 1);
    expect(visibleText(slack.responses.at(-1)?.body)).toContain(
      "You have already answered the round of Mon 30 Nov, so your answer stays as it is",
    );

    // Thursday: Bob, who never answered, is reminded by DM with the same two buttons.
    await tickAt(deps, "2026-12-03T10:05:00Z");
    const reminder = posts(slack, BOB.userId).at(-1);
    expect(actionIds(reminder?.args)).toEqual(["open_checkin", NOTHING_CHANGED_ACTION]);
    expect(visibleText(reminder?.args.blocks)).toContain("Nothing changed");

    // Without a previous answer, Nothing changed opens the check-in instead.
    now = new Date("2026-12-03T11:00:00Z");
    const bobsButton = buttonIn(reminder, NOTHING_CHANGED_ACTION);
    await bot.click(NOTHING_CHANGED_ACTION, { actor: BOB, value: bobsButton?.value, channelId: BOB.userId });
    await slack.waitFor(() => slack.callsTo("views.open").length > opened);
    const view = slack.callsTo("views.open").at(-1)?.args.view as { callback_id: string };
    expect(view.callback_id).toBe(CHECKIN_CALLBACK);
    expect(await answersOf(BOB.userId)).toEqual([]);

    // The next Monday's digest counts Alice's answer.
    await tickAt(deps, "2026-12-07T09:30:00Z");
    const digest = posts(slack, "CSAME").find((c) => visibleText(c.args.blocks).includes("respondents"));
    expect(visibleText(digest?.args.blocks)).toContain("1 of 2 respondents");
    expect(visibleText(digest?.args.blocks)).toContain("Level 1");
  });

  it("replaces a reminder's buttons with what was recorded", async () => {
    const { slack } = bot;
    now = new Date("2026-12-03T11:00:00Z");
    const id = await seedTeam(bot.db, {
      channelId: "CREMIND",
      name: "Churn",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [BOB.userId],
      schedule: { timeZone: "UTC" },
    });
    await answer(bot.db, { mlTeamId: id, period: "2026-11-23", userId: BOB.userId, met: SEED_LEVEL_1 });
    await tickAt(bot.bot.deps, "2026-11-30T10:05:00Z");
    await tickAt(bot.bot.deps, "2026-12-03T10:05:00Z");
    const reminder = posts(slack, BOB.userId).find((p) => visibleText(p.args.blocks).includes("Churn"));
    const blocks = reminder?.args.blocks as { block_id: string }[];
    const responded = slack.responses.length;
    await bot.click(NOTHING_CHANGED_ACTION, {
      actor: BOB,
      value: String(id),
      channelId: BOB.userId,
      blockId: "checkin_reminder:actions",
      messageBlocks: blocks,
    });
    await slack.waitFor(() => slack.responses.length > responded);
    const replaced = slack.responses.at(-1)?.body;
    expect(replaced).toMatchObject({ replace_original: true });
    expect(actionIds(replaced)).toEqual([]);
    expect(visibleText(replaced)).toContain("A reminder: *Churn*");
    expect(visibleText(replaced)).toContain(
      ":white_check_mark: Counted: nothing changed since your last answer, so it is your answer for the round of Mon 30 Nov.",
    );
  });

  it("is offered atop a check-in modal pre-filled from an earlier round, and saves from there", async () => {
    const { slack } = bot;
    now = new Date("2026-11-30T11:00:00Z");
    const id = await seedTeam(bot.db, {
      channelId: "CMODAL",
      name: "Search ranking",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
      schedule: { timeZone: "UTC" },
    });
    await answer(bot.db, { mlTeamId: id, period: "2026-11-23", userId: BOB.userId, met: SEED_LEVEL_1 });

    const modal = await openModal(bot, "checkin", { actor: BOB, channelId: "CMODAL" });
    expect(modal.blocks[1]?.block_id).toBe("checkin:unchanged");
    expect(visibleText(modal.blocks[0])).toContain("or click *Nothing changed* to give the same answers");
    expect(visibleText(modal.blocks[1])).toBe("Nothing changed");

    const updated = slack.callsTo("views.update").length;
    await bot.click(NOTHING_CHANGED_ACTION, {
      actor: BOB,
      value: String(id),
      container: "view",
      view: {
        id: "VCHECKIN",
        type: "modal",
        callback_id: CHECKIN_CALLBACK,
        private_metadata: modal.private_metadata,
      },
    });
    await slack.waitFor(() => slack.callsTo("views.update").length > updated);
    const call = slack.callsTo("views.update").at(-1);
    expect(call?.args.view_id).toBe("VCHECKIN");
    expect(visibleText(call?.args.view)).toContain("Check-in saved");
    expect(visibleText(call?.args.view)).toContain(
      "Counted: nothing changed since your last answer, so it is your answer for the round of Mon 30 Nov. *Search ranking* is at *Level 1",
    );
    expect((await answersOf(BOB.userId)).map((a) => [a.period, a.confirmed_unchanged])).toContainEqual([
      "2026-11-30",
      true,
    ]);

    // Answered this round already: the modal no longer offers it (saving replaces the answer instead).
    const again = await openModal(bot, "checkin", { actor: BOB, channelId: "CMODAL" });
    expect(again.blocks.map((b) => b.block_id)).not.toContain("checkin:unchanged");
  });
});
