import { describe, expect, it } from "vitest";
import type { CriterionId, Level } from "../../../src/domain/rubric.js";
import { homeView } from "../../../src/slack/views/home.js";
import { visibleText } from "../../support/messages.js";

const NASTY = "<!channel> & <@U123> <https://evil.example|click>";

describe("homeView", () => {
  it("stays within 100 blocks with many teams and escapes names", () => {
    const teams = Array.from({ length: 150 }, (_, i) => ({
      id: i,
      name: NASTY,
      channelId: `C${i}`,
      level: 2 as Level,
      next: "cross_role_integration" as CriterionId,
      answeredThisRound: i % 2 === 0,
    }));
    const view = homeView(teams);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toMatch(/<!channel>|<@U123>/);
    expect(visibleText(view)).toContain("…and 90 more");
  });
});
