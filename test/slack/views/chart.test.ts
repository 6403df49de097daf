import { describe, expect, it } from "vitest";
import { messageBlockProblems } from "../../../src/fake-slack/block-kit.js";
import {
  LEVEL_SCALE_SERIES,
  levelChart,
  roundCategories,
  seriesChart,
} from "../../../src/slack/views/chart.js";
import { chartIn, visibleText } from "../../support/messages.js";

describe("seriesChart", () => {
  it("keeps the latest 20 categories, one point per category per series, within Slack's limits", () => {
    const categories = Array.from({ length: 26 }, (_, i) => `R${i + 1}`);
    const block = seriesChart({
      blockId: "levels",
      title: "A title longer than the fifty characters Slack allows for it",
      type: "line",
      categories,
      series: [{ name: "Level", values: categories.map((_, i) => i % 5) }],
      yLabel: "Level",
    });
    const shown = chartIn({ blocks: [block] }, "levels");
    expect(shown.categories).toEqual(categories.slice(6));
    expect(shown.series.Level).toEqual(categories.slice(6).map((_, i) => (i + 6) % 5));
    expect(shown.title).toHaveLength(50);
    expect(messageBlockProblems([block])).toEqual([]);
    expect(visibleText([block])).toContain("R26");
  });
});

describe("roundCategories", () => {
  it("labels rounds by day and month, adding the year only where labels would repeat", () => {
    expect(roundCategories(["2026-11-30", "2026-12-07"])).toEqual(["30 Nov", "7 Dec"]);
    expect(roundCategories(["2025-11-01", "2026-11-01"])).toEqual(["1 Nov 25", "1 Nov 26"]);
  });
});

describe("levelChart", () => {
  it("spans levels 0–4 whatever the team's levels, with a flat line at the top of the scale", () => {
    const points = [
      { period: "2026-11-23", level: 1 },
      { period: "2026-11-30", level: 1 },
    ];
    const shown = chartIn({ blocks: [levelChart("levels", "Level", points)] }, "levels");
    expect(shown.series).toEqual({ Level: [1, 1], [LEVEL_SCALE_SERIES]: [4, 4] });
    expect(visibleText([levelChart("levels", "Level", points)])).toContain("Level (0–4)");
  });
});
