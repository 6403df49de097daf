// What a person reads under a setup field when a submission is malformed: plain sentences, never the
// validator's.
import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { openModal, setUpTeam, submitModal, submitRawValues, type Where } from "../../../support/flows.js";
import { setupValues } from "../../../support/modal-state.js";
import { ALICE } from "../../../support/payloads.js";

const VALIDATOR_WORDS = /invalid|expected|received|option:/i;

// Alice (in Berlin) has set up the team "Forms"; the tests change it, wrongly.
const where: Where = { actor: ALICE, channelId: "CFORMS", channelName: "ml-forms" };
const bot = useBot({
  clock: () => new Date("2026-11-25T12:00:00Z"),
  setup: async (started) => {
    started.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
    await setUpTeam(started, where, { name: "Forms", respondents: [ALICE.userId] });
  },
});

describe("the setup modal", () => {
  const option = (value: string) => ({
    type: "static_select",
    selected_option: { text: { type: "plain_text" as const, text: value }, value },
  });

  it.each([
    ["setup:cadence", option("daily"), "Pick how often to check in from the options shown."],
    ["setup:day", option("8"), "Pick a day of the week from the options shown."],
    ["setup:time", { type: "timepicker", selected_time: "25:00" }, "Choose a check-in time such as 10:00."],
    ["setup:time", { type: "timepicker", selected_time: null }, "Choose a check-in time such as 10:00."],
  ])(
    "answers a bad %s with a sentence saying what to do, and changes nothing",
    async (blockId, state, message) => {
      const view = await openModal(bot, "setup", where);
      const values = setupValues(view, { name: "Changed", respondents: [ALICE.userId] });
      values[blockId] = { value: state };
      const reply = await submitModal(bot, view, values, ALICE);
      expect(reply).toEqual({ response_action: "errors", errors: { [blockId]: message } });
      expect(JSON.stringify(reply)).not.toMatch(VALIDATOR_WORDS);
      const team = await bot.db.selectFrom("ml_teams").select("name").executeTakeFirstOrThrow();
      expect(team.name).toBe("Forms");
    },
  );

  it("asks to reopen the form when state.values is null", async () => {
    const view = await openModal(bot, "setup", where);
    expect(await submitRawValues(bot, view, null, ALICE)).toEqual({
      response_action: "errors",
      errors: { "setup:name": "This setup form is out of date. Close it and run /mlops setup again." },
    });
  });
});
