import { describe, expect, it } from "vitest";
import { choicesFor } from "../../../src/domain/checkin.js";
import { CRITERION_IDS, type CriterionId } from "../../../src/domain/rubric.js";
import { parseCheckinMetadata, parseCheckinState } from "../../../src/slack/forms/checkin-form.js";
import { checkinModal } from "../../../src/slack/views/checkin-modal.js";
import { checkinValues, inputBlock, prefilled, type ViewJson } from "../../support/modal-state.js";

const asJson = (view: unknown): ViewJson => JSON.parse(JSON.stringify(view)) as ViewJson;
const modal = (overrides: Partial<Parameters<typeof checkinModal>[0]> = {}) =>
  asJson(
    checkinModal({
      team: { id: 7, name: "Platform" },
      period: "2026-11-23",
      previous: null,
      role: null,
      origin: "channel",
      ...overrides,
    }),
  );

describe("checkinModal", () => {
  it("stays within Slack's modal limits", () => {
    const view = modal({ team: { id: 7, name: "x".repeat(500) } });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const text of [view.title?.text, view.submit?.text, view.close?.text])
      expect(text?.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
    for (const block of view.blocks) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      const options = block.element?.options ?? [];
      expect(options.length).toBeLessThanOrEqual(10);
      for (const o of options) {
        expect(o.text.text.length, o.value).toBeLessThanOrEqual(75);
        expect(o.value.length).toBeLessThanOrEqual(75);
        expect(o.description?.text.length ?? 0, o.value).toBeLessThanOrEqual(75);
      }
    }
  });

  it("offers every criterion exactly once, as a ladder rung or a checkbox", () => {
    const values = modal().blocks.flatMap((b) => (b.element?.options ?? []).map((o) => o.value));
    const criteria = values.filter((v) => (CRITERION_IDS as readonly string[]).includes(v));
    expect([...criteria].sort()).toEqual([...CRITERION_IDS].sort());
    expect(values).toContain("siloed");
    expect(values).toContain("manual_handoff");
  });

  it("describes every option, within Slack's 75 characters", () => {
    const options = modal()
      .blocks.filter((b) => /^(ladder|criteria):/.test(b.block_id ?? ""))
      .flatMap((b) => b.element?.options ?? []);
    expect(options.length).toBe(22 + 2); // the criteria, plus the two ladders' "none" answers
    for (const o of options) {
      expect(o.description?.text.length, o.value).toBeGreaterThan(0);
      expect(o.description?.text.length, o.value).toBeLessThanOrEqual(75);
    }
  });

  it("escapes the team name in the intro", () => {
    const intro = modal({ team: { id: 7, name: "<!channel> & co" } }).blocks[0]?.text?.text;
    expect(intro).toContain("*&lt;!channel&gt; &amp; co* · round of Mon 23 Nov");
  });

  it("pre-fills a previous answer, role and (same round only) note", () => {
    const met = new Set<CriterionId>([
      "automated_builds",
      "scoring_script_versioned",
      "ds_de_collaboration",
      "ab_testing",
    ]);
    const previous = { choices: choicesFor(met), note: "hello", sameRound: true };
    expect(prefilled(modal({ previous, role: "data_engineer" }))).toEqual({
      people: "ds_de_collaboration",
      release: "scoring_script_versioned",
      checked: ["ab_testing", "automated_builds"],
      role: "data_engineer",
      note: "hello",
    });
    expect(prefilled(modal({ previous: { ...previous, sameRound: false } })).note).toBeUndefined();
  });

  it("round-trips through its own submission parser", () => {
    const view = modal();
    const parsed = parseCheckinState(
      checkinValues(view, {
        people: "all_roles_collaboration",
        release: "tested_scoring_script",
        checked: ["managed_compute"],
        note: "  ",
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        met: [
          "scoring_script_versioned",
          "ds_de_collaboration",
          "managed_compute",
          "tested_scoring_script",
          "cross_role_integration",
          "all_roles_collaboration",
        ],
        role: null,
        note: null,
      },
    });
    expect(parseCheckinMetadata(view.private_metadata ?? "")).toEqual({ mlTeamId: 7, origin: "channel" });
  });
});

describe("parseCheckinState", () => {
  const valid = () => checkinValues(modal(), { people: "siloed", release: "manual_handoff", checked: [] });

  it("reports an over-long note on the note field", () => {
    const values = valid();
    values.note = { value: { type: "plain_text_input", value: "x".repeat(1001) } };
    expect(parseCheckinState(values)).toEqual({
      ok: false,
      errors: { note: "Please keep the note under 1000 characters." },
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
    expect(parseCheckinState(values)).toEqual({ ok: true, value: { met: [], role: null, note: null } });
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
