// Message text past Slack's 40,000 characters, as it was found: three respondents mark every practice they
// can not applicable, each with a 200-character reason of `<` (escaped, four times as long). Slack refuses
// such text with msg_too_long; the bot summarises the practices and caps what it sends.
import { describe, expect, it } from "vitest";
import { choicesFor } from "../../src/domain/checkin.js";
import { useBot } from "../support/fixture.js";
import { openModal, submitModal } from "../support/flows.js";
import { checkinValues, inputBlock } from "../support/modal-state.js";
import { ALICE, BOB } from "../support/payloads.js";
import { CAROL } from "../support/people.js";
import { seedTeam } from "../support/seed.js";

const bot = useBot({ clock: () => new Date("2026-11-24T12:00:00Z") });
const NOTHING = choicesFor(new Set());
const where = (actor = ALICE) => ({ actor, channelId: "CLONG" });

describe("message text within Slack's 40,000 characters", () => {
  it("summarises every respondent's not-applicable reasons in the check-in confirmation, and Slack takes it", async () => {
    await seedTeam(bot.db, {
      channelId: "CLONG",
      name: "Long reasons",
      createdAt: "2026-11-16T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId, CAROL.userId],
      schedule: { timeZone: "UTC" },
    });
    for (const actor of [ALICE, BOB, CAROL]) {
      const modal = await openModal(bot, "checkin", where(actor));
      const all = (inputBlock(modal, "checkin:not_applicable").element.options ?? []).map((o) => o.value);
      const values = checkinValues(modal, {
        ...NOTHING.ladders,
        checked: [],
        notApplicable: all,
        naReason: "<".repeat(200),
      });
      expect(await submitModal(bot, modal, values, actor)).toBeNull();
    }
    await bot.slack.waitFor(() => bot.slack.workspace.ephemerals.some((e) => e.user === CAROL.userId));
    expect(bot.slack.refusals.filter((r) => r.error === "msg_too_long")).toEqual([]);
    const confirmation = bot.slack.workspace.ephemerals.find((e) => e.user === CAROL.userId)?.text ?? "";
    expect(confirmation.length).toBeLessThanOrEqual(40_000);
    expect(confirmation).toContain("Exempted as not applicable: ");
    expect(confirmation).toContain("their reasons are in `/mlops status`");
  });

  it("is what the fake Slack refuses past 40,000 characters, as Slack does", async () => {
    const res = await fetch(`${bot.slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-test-token", "content-type": "application/json" },
      body: JSON.stringify({ channel: "CLONG", text: "x".repeat(40_001) }),
    });
    expect(await res.json()).toEqual({ ok: false, error: "msg_too_long" });
  });
});
