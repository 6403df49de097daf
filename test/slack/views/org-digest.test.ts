import { describe, expect, it } from "vitest";
import { evidenceFor } from "../../../src/domain/evidence.js";
import { roundEvidence } from "../../../src/domain/evidence-rounds.js";
import { levelsOverWeeks, type OrgTeam, orgDigestData } from "../../../src/domain/org-digest.js";
import type { Level } from "../../../src/domain/rubric.js";
import { orgDigestMessage } from "../../../src/slack/views/org-digest.js";
import { block, chartIn, expectWithinLimits, visibleText } from "../../support/messages.js";
import { closedRound, closedRoundOneOfTwo } from "../../support/rounds.js";
import { deployment, links, NOW, signal } from "../../support/signals.js";

const EVIL = "<!channel> & <@U123>";

describe("orgDigestMessage", () => {
  it("stays a summary within Block Kit limits with 2,000 teams", () => {
    const teams: OrgTeam[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: i,
      name: `${EVIL} team ${i} with a rather long name that goes on and on`.repeat(2),
      channelId: `C${i}`,
      history: [
        closedRoundOneOfTwo("2026-03-23", i % 3 === 0 ? null : ((i % 5) as Level)),
        closedRoundOneOfTwo("2026-03-16", ((i + 1) % 5) as Level),
      ],
    }));
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-20T00:00:00Z")),
    });
    expectWithinLimits(message);
    const text = message.blocks.map((b) => JSON.stringify(b)).join("");
    expect(text.length).toBeLessThan(12_000);
    expect(block(message, "org:moved_up").text?.text).toMatch(/…and \d+ more/);
    expect(block(message, "org:missed").text?.text).toMatch(
      /Missed their check-in\* \(667\)[\s\S]*…and 652 more/,
    );
    expect(text).not.toContain("<!channel>");
  });

  it("stays within Block Kit limits with 2,000 teams whose evidence disputes their levels", () => {
    // Checks that test nothing, releases by hand, a linked experiment without runs: four practices disputed.
    const verdicts = evidenceFor(
      [
        signal("check_run", { name: "lint", conclusion: "success", app: "github-actions" }),
        deployment({ creatorType: "person" }),
      ],
      links({ experiments: [{ name: "churn", polledAt: NOW }] }),
      NOW,
    );
    const teams: OrgTeam[] = Array.from({ length: 2_000 }, (_, i) => {
      const round = closedRound(i % 3 === 0 ? "2026-03-16" : "2026-03-23", 2);
      return {
        id: i,
        name: `${EVIL} team ${i} with a rather long name that goes on and on`.repeat(2),
        channelId: `C${i}`,
        // Half of the others moved up and a third missed its check-in: every list of the digest is long.
        history:
          i % 3 === 0
            ? [closedRound("2026-03-23", null), round]
            : [round, closedRound("2026-03-16", i % 2 ? 1 : 2)],
        evidence: roundEvidence(round, verdicts, "strict"),
      };
    });
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-20T00:00:00Z")),
    });
    expectWithinLimits(message);
    expect(message.blocks.map((b) => JSON.stringify(b)).join("").length).toBeLessThan(12_000);
    expect(block(message, "org:moved_up").text?.text).toMatch(/…and \d+ more/);
    expect(block(message, "org:missed").text?.text).toMatch(/…and \d+ more/);
    const evidence = block(message, "org:evidence").text?.text ?? "";
    expect(evidence).toContain(
      ":mag: *Evidence:* 0 of 2000 teams' levels are fully verified by evidence (2000 teams link their systems).",
    );
    expect(evidence).toMatch(/\*Disputed by evidence\* \(2000\)[\s\S]*…and 1990 more$/);
    expect(evidence).toContain(
      "— Application unit tests, Automated application releases, Basic integration tests and 1 more",
    );
    expect(block(message, "org:evidence_strict").text?.text).toMatch(/Level 2 → 0[\s\S]*…and 1990 more$/);
    expect(message.text).toMatch(
      /0 of 2000 teams' levels are fully verified by evidence; disputed: .* and 1990 more; under the strict policy 2000 teams stand lower$/,
    );
    expect(JSON.stringify(message)).not.toContain("<!channel>");
  });

  it("counts teams per level and reports participation", () => {
    const teams: OrgTeam[] = [
      {
        id: 1,
        name: "A",
        channelId: "C1",
        history: [
          closedRoundOneOfTwo("2026-03-23", 2, { answered: 2 }),
          closedRoundOneOfTwo("2026-03-16", 1),
        ],
      },
      { id: 2, name: "B", channelId: "C2", history: [closedRoundOneOfTwo("2026-03-23", null)] },
    ];
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-20T00:00:00Z")),
    });
    expect(block(message, "org:levels").text?.text).toContain("Level 2 — Automated Training: *1*");
    expect(block(message, "org:levels").text?.text).toContain("No closed round with answers yet: *1*");
    expect(block(message, "org:moved_up").text?.text).toContain("*A* (<#C1>) 1 → 2");
    expect(block(message, "org:missed").text?.text).toContain("*B* (<#C2>)");
    expect(visibleText(message)).toContain("2 of 4 respondents answered (50%); 1 of 2 teams checked in");
  });

  it("draws teams per level, and per level over the last weeks, saying the same in text", () => {
    const teams: OrgTeam[] = [
      {
        id: 1,
        name: "A",
        channelId: "C1",
        history: [closedRound("2026-03-23", 2), closedRound("2026-03-16", 1)],
      },
      { id: 2, name: "B", channelId: "C2", history: [closedRound("2026-03-23", 1)] },
      { id: 3, name: "C", channelId: "C3", history: [] },
    ];
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-27T00:00:00Z")),
      weeks: levelsOverWeeks(teams, "2026-03-30"),
    });
    expect(chartIn(message, "org:levels_chart")).toMatchObject({
      type: "bar",
      categories: ["Level 0", "Level 1", "Level 2", "Level 3", "Level 4", "No closed round yet"],
      series: { Teams: [0, 1, 1, 0, 0, 1] },
    });
    const weeks = chartIn(message, "org:level_weeks");
    expect(weeks.categories).toHaveLength(12);
    expect(weeks.categories.slice(-3)).toEqual(["16 Mar", "23 Mar", "30 Mar"]);
    expect(weeks.series["Level 1"]?.slice(-3)).toEqual([0, 1, 1]);
    expect(weeks.series["Level 2"]?.slice(-3)).toEqual([0, 0, 1]);
    expect(visibleText(message)).toContain(
      "Teams at levels 0 / 1 / 2 / 3 / 4: 0 / 0 / 0 / 0 / 0 in the week of Mon 12 Jan, 0 / 1 / 1 / 0 / 0 now.",
    );
    expectWithinLimits(message);
  });
});
