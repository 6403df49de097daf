import { describe, expect, it } from "vitest";
import { parseCheckinMetadata, parseCheckinState } from "../../../src/slack/forms/checkin-form.js";
import { checkinModalJson, checkinValues, inputBlock } from "../../support/modal-state.js";

// The parser reads what the modal sends: values are built from the modal as Slack would.
const modal = checkinModalJson;

describe("parseCheckinState", () => {
  const valid = () => checkinValues(modal(), { people: "siloed", release: "manual_handoff", checked: [] });

  it("reports an over-long note on the note field", () => {
    const values = valid();
    values.note = { value: { type: "plain_text_input", value: "x".repeat(1001) } };
    expect(parseCheckinState(values)).toEqual({
      ok: false,
      errors: { note: "Please keep the note to at most 1000 characters." },
    });
  });

  it("reports a NUL character in the note on the note field, in words", () => {
    const values = valid();
    values.note = { value: { type: "plain_text_input", value: "fine\u0000" } };
    expect(parseCheckinState(values)).toMatchObject({
      ok: false,
      errors: { note: expect.stringContaining("invisible NUL character") },
    });
  });

  it("reports every bad field at once", () => {
    const values = valid();
    values["ladder:people"] = { value: { type: "radio_buttons", selected_option: null } };
    values["criteria:application"] = {
      value: {
        type: "checkboxes",
        selected_options: [{ text: { type: "plain_text", text: "x" }, value: "DROP TABLE" }],
      },
    };
    const result = parseCheckinState(values);
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
      "criteria:application",
      "ladder:people",
    ]);
  });

  it("rejects a state that is not an object at all", () => {
    expect(parseCheckinState("nope")).toMatchObject({
      ok: false,
      errors: { "ladder:people": expect.any(String) },
    });
  });

  it("rejects forged metadata", () => {
    for (const raw of ["", "{", '{"mlTeamId":"7"}', '{"mlTeamId":-1}', "[]"])
      expect(parseCheckinMetadata(raw)).toBeNull();
  });

  it("accepts missing optional groups as nothing ticked", () => {
    const values = valid();
    delete values["criteria:model_creation"];
    delete values.role;
    delete values.note;
    expect(parseCheckinState(values)).toEqual({
      ok: true,
      value: { met: [], notApplicable: new Map(), role: null, note: null },
    });
  });

  it("uses the rubric ids as the block's input: a ladder block has radio buttons", () => {
    expect(inputBlock(modal(), "ladder:people").element.type).toBe("radio_buttons");
  });
});

describe("check-in field errors are plain sentences, never the validator's words", () => {
  const valid = () => checkinValues(modal(), { people: "siloed", release: "manual_handoff", checked: [] });
  const errorsOf = (values: unknown) => {
    const result = parseCheckinState(values);
    if (result.ok) throw new Error("expected the submission to be refused");
    return result.errors;
  };
  const TICK_AGAIN = "Something ticked here is not one of the options shown. Please tick your answers again.";

  it("asks to tick again when a checkbox value was not offered, even a real criterion of another group", () => {
    for (const value of ["DROP TABLE", "ab_testing", "ds_de_collaboration"]) {
      const values = valid();
      values["criteria:model_creation"] = {
        value: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "x" }, value }] },
      };
      expect(errorsOf(values)).toEqual({ "criteria:model_creation": TICK_AGAIN });
    }
  });

  it("asks to choose again when a ladder answer was not offered, and to choose one when none was", () => {
    const values = valid();
    values["ladder:people"] = {
      value: {
        type: "radio_buttons",
        selected_option: { text: { type: "plain_text", text: "x" }, value: "x" },
      },
    };
    values["ladder:release"] = { value: { type: "radio_buttons", selected_option: null } };
    expect(errorsOf(values)).toEqual({
      "ladder:people": "That answer is not one of the options here. Please choose again.",
      "ladder:release": "Please choose one answer.",
    });
  });

  it("asks to pick the role again when it was not offered", () => {
    const values = valid();
    values.role = {
      value: {
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "x" }, value: "ceo" },
      },
    };
    expect(errorsOf(values)).toEqual({
      role: "That role is not one of the options shown. Pick your role again, or leave it empty.",
    });
  });

  it.each(["ladder:people", "criteria:model_creation", "role", "note"])(
    "says what to do when %s comes under a renamed action_id",
    (blockId) => {
      const values = valid();
      values[blockId] = { renamed: { type: "plain_text_input", value: "x" } };
      const message = errorsOf(values)[blockId];
      expect(message).toMatch(/^(Please|Something|That) /);
      expect(message).not.toMatch(/invalid|expected|received/i);
    },
  );

  it.each([null, undefined, "nope"])("asks to reopen the form when state.values is %j", (values) => {
    expect(errorsOf(values)).toEqual({
      "ladder:people": "This check-in form is out of date. Close it and open the check-in again.",
    });
  });
});
