import { describe, expect, it } from "vitest";
import type { CriterionId, Level } from "../../../src/domain/rubric.js";
import type { TeamLine } from "../../../src/services/team-status.js";
import { teamsMessage } from "../../../src/slack/views/teams-list.js";
import { visibleText } from "../../support/messages.js";

const NASTY = "<!channel> & <@U123> <https://evil.example|click>";

describe("teamsMessage", () => {
  const many = (n: number): TeamLine[] =>
    Array.from({ length: n }, (_, i) => ({
      id: i,
      name: `${NASTY} ${i}`.padEnd(200, "x"),
      channelId: `C${i}`,
      level: i % 5 === 0 ? null : (((i % 5) - 1) as Level),
      next: "ds_de_collaboration" as CriterionId,
      notApplicable: [],
      leftOut: [],
    }));

  it.each([1, 50, 1000, 2000])("stays within 50 blocks and ~12,000 characters with %i teams", (n) => {
    const message = teamsMessage(many(n));
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message).length).toBeLessThan(12_000);
    for (const block of message.blocks ?? [])
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(message)).not.toContain("<!channel>");
  });

  it("counts every team in the histogram and says how many are left out", () => {
    const message = teamsMessage(many(1000));
    const shown = visibleText(message);
    expect(shown).toContain("*1000 ML teams in this workspace*");
    expect(shown).toContain("200 · no answers yet");
    expect(shown).toMatch(/…and \d+ more teams/);
  });

  it("says “…and 1 more team” when exactly one does not fit", () => {
    const lines: TeamLine[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: i,
      name: `team ${String(i).padStart(4, "0")} ${"x".repeat(40)}`,
      channelId: `C${i}`,
      level: null,
      next: null,
      notApplicable: [],
      leftOut: [],
    }));
    const shown = (n: number) => visibleText(teamsMessage(lines.slice(0, n)).blocks).match(/…and (\d+) more/);
    // Find a length at which exactly one team is left out.
    const total = Array.from({ length: 2_000 }, (_, i) => i + 1).find((n) => shown(n)?.[1] === "1");
    expect(total).toBeDefined();
    expect(visibleText(teamsMessage(lines.slice(0, total)).blocks)).toContain(
      "…and 1 more team: *Show more* lists it. ",
    );
  });
});
