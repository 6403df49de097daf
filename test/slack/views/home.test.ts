import { describe, expect, it } from "vitest";
import type { CriterionId, Level } from "../../../src/domain/rubric.js";
import { viewProblems } from "../../../src/fake-slack/block-kit.js";
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
      notApplicable: [],
      leftOut: [],
      answeredThisRound: i % 2 === 0,
      trend: [0, 1, 2] as Level[],
    }));
    const view = homeView(teams);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toMatch(/<!channel>|<@U123>/);
    expect(visibleText(view)).toContain("…and 90 more");
    expect(visibleText(view)).toContain("Trend: Level 0 → 1 → 2 over 3 rounds");
    expect(viewProblems(view)).toEqual([]);
  });

  it("shows a workspace admin the organisation first: teams per level and who moved lately", () => {
    const movers = Array.from({ length: 12 }, (_, i) => ({
      id: i,
      name: NASTY,
      channelId: `C${i}`,
      from: 1 as Level,
      to: 2 as Level,
    }));
    const view = homeView([], {
      groups: [],
      group: null,
      teams: 14,
      perLevel: [1, 0, 12, 0, 0],
      unassessed: 1,
      leftOut: 0,
      movers,
    });
    const text = visibleText(view);
    expect(text).toContain("Your organisation");
    expect(text).toContain(
      "*14 ML teams* · Level 0: *1* · Level 1: *0* · Level 2: *12* · Level 3: *0* · Level 4: *0* · not assessed yet: *1*",
    );
    expect(text).toMatch(/Moved in the last 4 weeks[\s\S]*1 → 2[\s\S]*…and 2 more/);
    expect(JSON.stringify(view)).not.toMatch(/<!channel>/);
    expect(visibleText(homeView([], null))).not.toContain("Your organisation");
    expect(JSON.stringify(view)).not.toContain("home_group_filter"); // no groups, no filter
  });

  it("offers at most 100 groups in the filter, names cut to an option's 75 characters, the chosen one selected", () => {
    const groups = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, name: `${"g".repeat(90)}${i}` }));
    const view = homeView([], {
      groups,
      group: groups[4] ?? null,
      teams: 0,
      perLevel: [0, 0, 0, 0, 0],
      unassessed: 0,
      leftOut: 0,
      movers: [],
    });
    const select = (
      view.blocks.find((b) => b.block_id === "home:group-filter") as {
        elements: {
          options: { text: { text: string }; value: string }[];
          initial_option: { value: string };
        }[];
      }
    ).elements[0];
    expect(select?.options).toHaveLength(100);
    expect(Math.max(...(select?.options ?? []).map((o) => [...o.text.text].length))).toBeLessThanOrEqual(75);
    expect(select?.initial_option.value).toBe("5");
    expect(viewProblems(view)).toEqual([]);
  });
});
