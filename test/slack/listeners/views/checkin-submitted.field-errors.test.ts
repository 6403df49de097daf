// What a person reads under a check-in field when a submission is malformed: plain sentences, never the
// validator's.
import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { openModal, setUpTeam, submitModal, submitRawValues, type Where } from "../../../support/flows.js";
import { checkinValues } from "../../../support/modal-state.js";
import { ALICE } from "../../../support/payloads.js";
import { answerCount } from "../../../support/rows.js";

const where: Where = { actor: ALICE, channelId: "CFORMS", channelName: "ml-forms" };
const bot = useBot({
  clock: () => new Date("2026-11-25T12:00:00Z"),
  setup: (started) => setUpTeam(started, where, { name: "Forms", respondents: [ALICE.userId] }),
});

describe("the check-in modal", () => {
  const LEVEL_0 = { people: "siloed", release: "manual_handoff", checked: [] };

  it("asks to tick again when a ticked value was not offered, and stores nothing", async () => {
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_0);
    values["criteria:model_creation"] = {
      value: {
        type: "checkboxes",
        selected_options: [{ text: { type: "plain_text", text: "x" }, value: "not_a_criterion" }],
      },
    };
    expect(await submitModal(bot, view, values, ALICE)).toEqual({
      response_action: "errors",
      errors: {
        "criteria:model_creation":
          "Something ticked here is not one of the options shown. Please tick your answers again.",
      },
    });
    expect(await answerCount(bot.db)).toBe(0);
  });

  it("asks to choose an answer when a ladder comes under a renamed action_id", async () => {
    const view = await openModal(bot, "checkin", where);
    const values = checkinValues(view, LEVEL_0);
    const people = values["ladder:people"]?.value;
    values["ladder:people"] = { renamed: people ?? { type: "radio_buttons" } };
    expect(await submitModal(bot, view, values, ALICE)).toEqual({
      response_action: "errors",
      errors: { "ladder:people": "Please choose one answer." },
    });
  });

  it("asks to reopen the form when state.values is null", async () => {
    const view = await openModal(bot, "checkin", where);
    expect(await submitRawValues(bot, view, null, ALICE)).toEqual({
      response_action: "errors",
      errors: { "ladder:people": "This check-in form is out of date. Close it and open the check-in again." },
    });
    expect(await answerCount(bot.db)).toBe(0);
  });
});
