// Names inside mrkdwn: Slack's formatting marks only format at a word's edge, so only those are neutralised.
import { describe, expect, it } from "vitest";
import { nameText } from "../../../src/slack/views/mrkdwn.js";

describe("nameText", () => {
  it("turns marks that would bold, italicise or strike a name into look-alikes Slack leaves alone", () => {
    expect(nameText("*Fraud* _models_ ~old~", 80)).toBe("∗Fraud∗ ＿models＿ ∼old∼");
    expect(nameText("__init__", 80)).toBe("＿＿init＿＿");
  });

  it("keeps marks that cannot format: inside a word, or standing alone", () => {
    expect(nameText("a_b_c snake_case C*D x~y", 80)).toBe("a_b_c snake_case C*D x~y");
    expect(nameText("ML ~ Ops * 2 _", 80)).toBe("ML ~ Ops * 2 _");
  });

  it("still escapes &, < and > and cuts at the limit", () => {
    expect(nameText("<!channel> & *co*", 80)).toBe("&lt;!channel&gt; &amp; ∗co∗");
    expect(nameText("abcdefghij", 5)).toHaveLength(5);
  });
});
