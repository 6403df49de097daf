import { describe, expect, it } from "vitest";
import { parseSetupMetadata, parseSetupState } from "../../../src/slack/views/setup-form.js";
import { setupModal } from "../../../src/slack/views/setup-modal.js";
import { setupValues, type ViewJson } from "../../support/modal-state.js";

const view = JSON.parse(
  JSON.stringify(
    setupModal({
      channelId: "C1",
      mlTeamId: null,
      name: "ml-platform",
      respondents: ["UALICE"],
      cadence: "weekly",
      checkinDay: 1,
      checkinTime: "10:00",
      timeZone: "Europe/Berlin",
    }),
  ),
) as ViewJson;

describe("setup modal and its parser", () => {
  it("stays within Slack's limits", () => {
    for (const text of [view.title?.text, view.submit?.text, view.close?.text])
      expect(text?.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

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
    expect(parseSetupMetadata(view.private_metadata ?? "")).toEqual({ channelId: "C1", mlTeamId: null });
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
      setupValues(view, { name: "X", respondents: ["UALICE"], timeZone: "+05:00" }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "setup:time_zone":
          "“+05:00” is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.",
      },
    });
  });

  it("rejects private_metadata that is not what the modal sent", () => {
    for (const raw of [
      "",
      "null",
      '{"channelId":"C1"}',
      '{"channelId":"<#C1>","mlTeamId":null}',
      '{"channelId":"DALICE","mlTeamId":null}',
    ]) {
      expect(parseSetupMetadata(raw)).toBeNull();
    }
  });
});
