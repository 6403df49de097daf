import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { NOTHING_CHANGED_ACTION, OPEN_CHECKIN_ACTION } from "../../../src/slack/ids.js";
import { answeredReminder, isReminderActions, reminderMessage } from "../../../src/slack/views/reminder.js";
import { buttons, visibleText } from "../../support/messages.js";

const EVIL = "<!channel> & <@U123>";

describe("reminderMessage", () => {
  it("names the team and its channel, escaped, with a Check in button", () => {
    const message = reminderMessage([
      {
        mlTeamId: 7,
        teamName: EVIL,
        channelId: "CTEAM",
        period: "2026-03-23",
        lastDay: "2026-03-29",
        timeZone: "UTC",
      },
    ]);
    expect(visibleText(message)).toContain("<#CTEAM>");
    expect(JSON.stringify(message)).not.toContain("<!channel>");
    expect(buttons(message)).toEqual([
      expect.objectContaining({ action_id: OPEN_CHECKIN_ACTION, value: "7" }),
      expect.objectContaining({
        action_id: NOTHING_CHANGED_ACTION,
        value: "7",
        text: expect.objectContaining({ text: "Nothing changed" }),
      }),
    ]);
  });
});

describe("answeredReminder", () => {
  const team = (mlTeamId: number) => ({
    mlTeamId,
    teamName: `Team ${mlTeamId}`,
    channelId: `C${mlTeamId}`,
    period: "2026-03-23",
    lastDay: "2026-03-29",
    timeZone: "UTC",
  });

  it("replaces the buttons of the team answered for, and keeps the other teams' buttons", () => {
    const { blocks } = reminderMessage([team(3), team(5)]);
    const clicked = "checkin_reminder:3:actions";
    expect(isReminderActions(clicked)).toBe(true);
    expect(isReminderActions("checkin_prompt:actions")).toBe(false);
    const after = answeredReminder(blocks as KnownBlock[], clicked, ":white_check_mark: Counted.");
    expect(visibleText(after)).toContain(":white_check_mark: Counted.");
    expect(buttons({ text: "", blocks: after }).map((b) => b.value)).toEqual(["5", "5"]);
  });
});
