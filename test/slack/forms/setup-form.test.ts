import { describe, expect, it } from "vitest";
import {
  openSetupMetadata,
  parseSetupState,
  sealSetupMetadata,
} from "../../../src/slack/forms/setup-form.js";
import { newTeamSetupModalJson, setupValues } from "../../support/modal-state.js";
import { TEST_SIGNING_SECRET } from "../../support/signing.js";

// The parser reads what the modal sends: values are built from the modal as Slack would.
const view = newTeamSetupModalJson();

describe("setup modal and its parser", () => {
  it("parses what the modal offers, canonicalising the time zone and de-duplicating people", () => {
    const values = setupValues(view, {
      name: "  Platform  ",
      respondents: ["UALICE", "UBOB", "UALICE"],
      day: "7",
      timeZone: " europe/london ",
    });
    expect(parseSetupState(values)).toEqual({
      ok: true,
      value: {
        settings: {
          name: "Platform",
          cadence: "weekly",
          checkinDay: 7,
          checkinTime: "10:00",
          timeZone: "Europe/London",
        },
        respondents: ["UALICE", "UBOB"],
      },
    });
    expect(openSetupMetadata(TEST_SIGNING_SECRET, view.private_metadata ?? "")).toEqual({
      channelId: "C1",
      mlTeamId: null,
      teamId: "T0",
      userId: "UALICE",
    });
  });

  it("strips invisible and control characters from the name, keeping emoji whole", () => {
    const typed = "\u202eevil\u202c Plat\u200bform\u0000 \ufeff👩\u200d💻";
    const result = parseSetupState(setupValues(view, { name: typed, respondents: ["UALICE"] }));
    expect(result.ok && result.value.settings.name).toBe("evil Platform 👩\u200d💻");
    const onlyInvisible = parseSetupState(
      setupValues(view, { name: "\u200b\u0000", respondents: ["UALICE"] }),
    );
    expect(onlyInvisible.ok).toBe(false);
  });

  it("rejects values the modal never offered", () => {
    const values = setupValues(view, { name: "X", respondents: ["UALICE"] });
    values["setup:cadence"] = {
      value: {
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "daily" }, value: "daily" },
      },
    };
    values["setup:day"] = {
      value: {
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "8" }, value: "8" },
      },
    };
    values["setup:time"] = { value: { type: "timepicker", selected_time: "25:00" } };
    values["setup:respondents"] = { value: { type: "multi_users_select", selected_users: ["<!channel>"] } };
    const result = parseSetupState(values);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
      "setup:cadence",
      "setup:day",
      "setup:respondents",
      "setup:time",
    ]);
  });

  it("names what was typed when the time zone is unknown, and offers examples", () => {
    const result = parseSetupState(
      setupValues(view, { name: "X", respondents: ["UALICE"], timeZone: "Mars/Olympus" }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "setup:time_zone":
          "“Mars/Olympus” is not a time zone I know. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.",
      },
    });
  });

  it.each(["est", "EST", "CET", "EST5EDT", "GMT", "+05:00", "Berlin"])(
    "refuses %j, which has no region and so no (or the wrong) daylight-saving rules",
    (timeZone) => {
      const result = parseSetupState(setupValues(view, { name: "X", respondents: ["UALICE"], timeZone }));
      expect(result).toEqual({
        ok: false,
        errors: {
          "setup:time_zone": `“${timeZone}” is not a full time zone name, so I can't tell when your clocks change. Enter a region and city, such as America/New_York, Europe/Berlin or Asia/Kolkata, or UTC.`,
        },
      });
    },
  );

  it.each([
    ["utc", "UTC"],
    ["Etc/UTC", "UTC"],
    ["america/new_york", "America/New_York"],
    ["Europe/Berlin", "Europe/Berlin"],
  ])("accepts %j as %j", (typed, stored) => {
    const result = parseSetupState(
      setupValues(view, { name: "X", respondents: ["UALICE"], timeZone: typed }),
    );
    expect(result.ok && result.value.settings.timeZone).toBe(stored);
  });

  it("rejects private_metadata the bot did not seal, or sealed and someone changed", () => {
    const sealed = view.private_metadata ?? "";
    const unsealed = '{"channelId":"C2","mlTeamId":null,"teamId":"T0","userId":"UALICE"}';
    for (const raw of [
      "",
      "null",
      unsealed,
      `${sealed.slice(0, 44)}${unsealed}`,
      sealed.replace('"C1"', '"C2"'),
      sealed.replace('"T0"', '"T2"'),
    ]) {
      expect(openSetupMetadata(TEST_SIGNING_SECRET, raw), raw).toBeNull();
    }
    expect(openSetupMetadata("another-secret", sealed)).toBeNull();
  });

  it("refuses sealed metadata of the wrong shape", () => {
    const odd = { channelId: "<#C1>", mlTeamId: null, teamId: "T0", userId: "UALICE" };
    expect(openSetupMetadata(TEST_SIGNING_SECRET, sealSetupMetadata(TEST_SIGNING_SECRET, odd))).toBeNull();
  });
});

describe("setup field errors are plain sentences, never the validator's words", () => {
  const valid = () => setupValues(view, { name: "X", respondents: ["UALICE"] });
  const option = (value: string) => ({
    type: "static_select",
    selected_option: { text: { type: "plain_text" as const, text: value }, value },
  });
  const errorsOf = (values: unknown) => {
    const result = parseSetupState(values);
    if (result.ok) throw new Error("expected the submission to be refused");
    return result.errors;
  };

  it.each([
    [
      "a cadence not offered",
      "setup:cadence",
      option("daily"),
      "Pick how often to check in from the options shown.",
    ],
    ["a day not offered", "setup:day", option("8"), "Pick a day of the week from the options shown."],
    [
      "no cadence chosen",
      "setup:cadence",
      { type: "static_select", selected_option: null },
      "Pick how often to check in from the options shown.",
    ],
    [
      "a time past midnight",
      "setup:time",
      { type: "timepicker", selected_time: "25:00" },
      "Choose a check-in time such as 10:00.",
    ],
    [
      "no time",
      "setup:time",
      { type: "timepicker", selected_time: null },
      "Choose a check-in time such as 10:00.",
    ],
    [
      "no respondents",
      "setup:respondents",
      { type: "multi_users_select", selected_users: [] },
      "Please choose at least one person who answers the check-in.",
    ],
    [
      "a name that is not text",
      "setup:name",
      { type: "plain_text_input", value: null },
      "Please give the team a name of up to 80 characters.",
    ],
  ])("%s", (_what, blockId, state, message) => {
    const values = valid();
    values[blockId] = { value: state as never };
    expect(errorsOf(values)).toEqual({ [blockId]: message });
  });

  it.each(["setup:name", "setup:respondents", "setup:cadence", "setup:day", "setup:time"])(
    "says what to do when %s comes under a renamed action_id",
    (blockId) => {
      const values = valid();
      const state = values[blockId]?.value;
      values[blockId] = { renamed: state as never };
      const message = errorsOf(values)[blockId];
      expect(message).toMatch(/^(Please|Pick|Choose) /);
      expect(message).not.toMatch(/invalid|expected|received/i);
    },
  );

  it.each([null, undefined, "nope", []])("asks to reopen the form when state.values is %j", (values) => {
    expect(errorsOf(values)).toEqual({
      "setup:name": "This setup form is out of date. Close it and run /mlops setup again.",
    });
  });
});
