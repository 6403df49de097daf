import { describe, expect, it } from "vitest";
import { cutDisplayText } from "../../../src/slack/views/graphemes.js";
import { capMessageText, MAX_MESSAGE_TEXT } from "../../../src/slack/views/message-text.js";
import { truncate } from "../../../src/slack/views/mrkdwn.js";

const FAMILY = "👨‍👩‍👧‍👦"; // one grapheme of 11 UTF-16 units

describe("display text cut by grapheme", () => {
  it("never cuts inside an emoji, and stays within the limit", () => {
    const name = `Team ${FAMILY}${FAMILY}`;
    expect(truncate(name, 20)).toBe(`Team ${FAMILY}…`);
    expect(truncate(name, 20).length).toBeLessThanOrEqual(20);
    expect(cutDisplayText("Zoë 🇫🇷 team", 6)).toBe("Zoë …");
    expect(truncate("short", 80)).toBe("short");
  });
});

describe("message text capped at Slack's 40,000 characters", () => {
  it("cuts long text, never inside an escape or a mention, and says where the rest is", () => {
    const text = `${"x".repeat(39_950)}${"&lt;".repeat(50)}<@U123> done`;
    const capped = capMessageText(text);
    expect(capped.length).toBeLessThanOrEqual(MAX_MESSAGE_TEXT);
    expect(capped).toMatch(/(&lt;|x)… \(shortened: `\/mlops status` shows the details\)$/);
    expect(capMessageText("fine")).toBe("fine");
  });
});
