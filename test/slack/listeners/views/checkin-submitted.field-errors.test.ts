// What a person reads under a field when a submission is malformed: plain sentences, never the validator's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { createTestDatabase } from "../support/database.js";
import { openModal, setUpTeam, submitModal, type Where } from "../support/flows.js";
import { type BotUnderTest, FORM, startBotUnderTest } from "../support/harness.js";
import { checkinValues, setupValues, type ViewJson } from "../support/modal-state.js";
import { type Actor, viewSubmission } from "../support/payloads.js";

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const VALIDATOR_WORDS = /invalid|expected|received|option:/i;

let database: DatabaseHandle;
let bot: BotUnderTest;
let where: Where;

beforeAll(async () => {
  database = await createTestDatabase();
  bot = await startBotUnderTest(database, { clock: () => new Date("2026-11-25T12:00:00Z") });
  bot.slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
  where = { actor: ALICE, channelId: "CFORMS", channelName: "ml-forms" };
  await setUpTeam(bot, where, { name: "Forms", respondents: [ALICE.userId] });
});
afterAll(async () => {
  await bot?.stop();
  await database?.close();
});

async function answerCount(): Promise<number> {
  const rows = await database.db.selectFrom("answers").select("user_id").execute();
  return rows.length;
}

/** Submits `view` with its state.values replaced by anything, e.g. null, as a forged request could. */
async function submitRaw(view: ViewJson, values: unknown): Promise<unknown> {
  const payload = viewSubmission(
    view.callback_id ?? "",
    {},
    { actor: ALICE, privateMetadata: view.private_metadata },
  );
  const body = { ...payload, view: { ...payload.view, state: { values } } };
  const res = await bot.post(new URLSearchParams({ payload: JSON.stringify(body) }).toString(), FORM);
  expect(res.status).toBe(200);
  return res.json();
}

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
    expect(await answerCount()).toBe(0);
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
    expect(await submitRaw(view, null)).toEqual({
      response_action: "errors",
      errors: { "ladder:people": "This check-in form is out of date. Close it and open the check-in again." },
    });
    expect(await answerCount()).toBe(0);
  });
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
      const team = await database.db.selectFrom("ml_teams").select("name").executeTakeFirstOrThrow();
      expect(team.name).toBe("Forms");
    },
  );

  it("asks to reopen the form when state.values is null", async () => {
    const view = await openModal(bot, "setup", where);
    expect(await submitRaw(view, null)).toEqual({
      response_action: "errors",
      errors: { "setup:name": "This setup form is out of date. Close it and run /mlops setup again." },
    });
  });
});
