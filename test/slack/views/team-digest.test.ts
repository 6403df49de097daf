import { describe, expect, it } from "vitest";
import { teamDigestData } from "../../../src/domain/digest.js";
import { teamDigestMessage } from "../../../src/slack/views/team-digest.js";
import { block, blockIds, chartIn, expectWithinLimits, visibleText } from "../../support/messages.js";
import { closedRoundOneOfTwo } from "../../support/rounds.js";

const EVIL = "<!channel> & <@U123>";

describe("teamDigestMessage", () => {
  it("shows level (public block id), change, N of M with roles, next prerequisite, disputed and trend", () => {
    const data = teamDigestData(
      [
        closedRoundOneOfTwo("2026-03-23", 2, { disputed: ["ab_testing"] }),
        closedRoundOneOfTwo("2026-03-16", null),
        closedRoundOneOfTwo("2026-03-09", 1),
      ],
      ["data_scientist"],
    );
    const message = teamDigestMessage({ teamName: EVIL, data });
    expect(block(message, "level:2").text?.text).toMatch(
      /Level 2 — Automated Training[\s\S]*Up from level 1/,
    );
    expect(block(message, "digest:answered").text?.text).toBe(
      "*Answered:* 1 of 2 respondents — 1 × Data scientist",
    );
    expect(block(message, "digest:next").text?.text).toContain(
      "Data scientists, data engineers and software engineers work together",
    );
    expect(block(message, "digest:disputed").text?.text).toContain("A/B tested");
    expect(visibleText(message)).toContain(
      "Trend: Level 1 → 2 over 2 rounds (1 of the last 3 without answers).",
    );
    expect(message.text).toContain("Level 1 → 2 over 2 rounds");
    // The chart draws the two rounds with answers, and says the same as the line under it.
    // Its title says the points are two of three rounds, instead of closing the gap silently.
    expect(chartIn(message, "digest:levels")).toMatchObject({
      title: "Level in 2 of the last 3 rounds (with answers)",
      type: "line",
      categories: ["9 Mar", "23 Mar"],
      series: { Level: [1, 2] },
    });
    expect(JSON.stringify(message)).not.toContain("<!channel>");
    expectWithinLimits(message);
  });

  it("keeps the last known level when nobody answered", () => {
    const data = teamDigestData(
      [closedRoundOneOfTwo("2026-03-23", null), closedRoundOneOfTwo("2026-03-16", 1)],
      [],
    );
    const message = teamDigestMessage({ teamName: "ML", data });
    expect(block(message, "level:1").text?.text).toMatch(/Nobody answered[\s\S]*stays at \*Level 1/);
    expect(block(message, "digest:answered").text?.text).toBe("*Answered:* 0 of 2 respondents");
    const first = teamDigestMessage({
      teamName: "ML",
      data: teamDigestData([closedRoundOneOfTwo("2026-03-23", null)], []),
    });
    expect(block(first, "level:none").text?.text).toContain("no level yet");
    expect(blockIds(first)).not.toContain("digest:levels");
    expect(visibleText(first)).toContain("Trend: no level yet (1 of the last 1 without answers).");
  });
});
