import { describe, expect, it } from "vitest";
import { NOTHING_CHANGED_ACTION, OPEN_CHECKIN_ACTION } from "../../../src/slack/ids.js";
import { promptMessage } from "../../../src/slack/views/prompt.js";
import { block, buttons, visibleText } from "../../support/messages.js";

const EVIL = "<!channel> & <@U123>";

describe("promptMessage", () => {
  const message = promptMessage({
    mlTeamId: 42,
    teamName: EVIL,
    cadence: "weekly",
    period: "2026-03-23",
    lastDay: "2026-03-29",
    timeZone: "Europe/Berlin",
    respondents: ["UALICE", "UBOB"],
  });

  it("asks the respondents by name, with a Check in button carrying the team id", () => {
    expect(block(message, "checkin_prompt").text?.text).toContain("Sun 29 Mar (Europe/Berlin)");
    expect(visibleText(message)).toContain("<@UALICE> and <@UBOB>");
    expect(buttons(message)).toEqual([
      expect.objectContaining({ action_id: OPEN_CHECKIN_ACTION, value: "42" }),
      expect.objectContaining({
        action_id: NOTHING_CHANGED_ACTION,
        value: "42",
        text: expect.objectContaining({ text: "Nothing changed" }),
      }),
    ]);
  });

  it("escapes the team name so it pings nobody", () => {
    expect(JSON.stringify(message)).not.toContain("<!channel>");
    expect(visibleText(message)).toContain("&lt;!channel&gt; &amp; &lt;@U123&gt;");
  });
});
