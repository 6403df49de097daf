import { describe, expect, it } from "vitest";
import { setupModal } from "../../../src/slack/views/setup-modal.js";
import { visibleText } from "../../support/messages.js";
import { asViewJson, inputBlock, newTeamSetupModalJson, type ViewJson } from "../../support/modal-state.js";

const view = newTeamSetupModalJson();

const labels = (v: ViewJson) => v.blocks.flatMap((b) => (b.label ? [b.label.text] : []));
const optionTexts = (v: ViewJson, blockId: string) =>
  inputBlock(v, blockId).element.options?.map((o) => o.text.text);

describe("setupModal", () => {
  it("asks for a new team's name, respondents and schedule, pre-filled with the suggestion", () => {
    expect(view.title?.text).toBe("Set up ML team");
    expect(visibleText(view.blocks[0])).toMatch(/^Register the ML team that works in <#C1>\./);
    expect(labels(view)).toEqual([
      "Team name",
      "Who answers the check-in?",
      "How often to check in",
      "Check-in day",
      "Check-in time",
      "Time zone",
    ]);
    expect(inputBlock(view, "setup:name").element.initial_value).toBe("ml-platform");
    expect(inputBlock(view, "setup:respondents").element.initial_users).toEqual(["UALICE"]);
    expect(inputBlock(view, "setup:cadence").element.initial_option?.text.text).toBe("Weekly");
    expect(inputBlock(view, "setup:day").element.initial_option?.text.text).toBe("Monday");
    expect(inputBlock(view, "setup:time").element.initial_time).toBe("10:00");
    expect(inputBlock(view, "setup:time_zone").element.initial_value).toBe("Europe/Berlin");
  });

  it("offers every cadence and every weekday", () => {
    expect(optionTexts(view, "setup:cadence")).toEqual(["Weekly", "Every two weeks", "Monthly"]);
    expect(optionTexts(view, "setup:day")).toEqual([
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
      "Saturday",
      "Sunday",
    ]);
  });

  it("edits an existing team with its own settings, a long name cut to what the field accepts", () => {
    const edit = asViewJson(
      setupModal(
        {
          channelId: "C9",
          mlTeamId: 9,
          name: "x".repeat(120),
          respondents: [],
          cadence: "monthly",
          checkinDay: 5,
          checkinTime: "16:30",
          timeZone: "Asia/Tokyo",
        },
        "sealed",
      ),
    );
    expect(edit.title?.text).toBe("Edit ML team");
    expect(edit.private_metadata).toBe("sealed");
    expect(visibleText(edit.blocks[0])).toMatch(/^Change the settings of the ML team that works in <#C9>\./);
    const name = inputBlock(edit, "setup:name").element;
    expect(name.max_length).toBe(80);
    expect(name.initial_value?.length).toBeLessThanOrEqual(80);
    expect(inputBlock(edit, "setup:respondents").element.initial_users).toBeUndefined();
    expect(inputBlock(edit, "setup:cadence").element.initial_option?.text.text).toBe("Monthly");
    expect(inputBlock(edit, "setup:day").element.initial_option?.text.text).toBe("Friday");
    expect(inputBlock(edit, "setup:time").element.initial_time).toBe("16:30");
    expect(inputBlock(edit, "setup:time_zone").element.initial_value).toBe("Asia/Tokyo");
  });

  it("stays within Slack's limits", () => {
    for (const text of [view.title?.text, view.submit?.text, view.close?.text])
      expect(text?.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
