import { describe, expect, it } from "vitest";
import { roundResult } from "../../../src/domain/round-result.js";
import { CRITERION_IDS, type CriterionId, type Level } from "../../../src/domain/rubric.js";
import type { TeamLine } from "../../../src/services/team-status.js";
import { homeView } from "../../../src/slack/views/home.js";
import { statusMessage } from "../../../src/slack/views/status.js";
import { teamsMessage } from "../../../src/slack/views/teams-list.js";

const NASTY = "<!channel> & <@U123> <https://evil.example|click>";

describe("statusMessage", () => {
  it("never exceeds Slack's limits, even with every criterion disputed and a huge name", () => {
    const everything = [...CRITERION_IDS];
    const half = CRITERION_IDS.filter((_, i) => i % 2 === 0);
    const message = statusMessage({
      team: { id: 1, name: NASTY.repeat(100), channelId: "C1" },
      respondentCount: 2,
      round: { period: "2026-11-23", recency: "current" },
      result: roundResult([everything, half]),
    });
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks ?? []) {
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(message)).not.toMatch(/<!channel>|<@U123>|<https:/);
  });

  it.each([0, 1, 2, 3, 4] as Level[])("carries level:%i as a block_id", (level) => {
    const count = [0, 6, 12, 18, 22][level] ?? 0;
    const met: CriterionId[] = CRITERION_IDS.filter((_, i) => i < count);
    const message = statusMessage({
      team: { id: 1, name: "T", channelId: "C1" },
      respondentCount: 1,
      round: { period: "2026-11-23", recency: "current" },
      result: roundResult([met]),
    });
    const ids = message.blocks?.map((b) => b.block_id) ?? [];
    expect(ids).toContain(`level:${level}`);
    expect(ids.filter((id) => id?.startsWith("next:"))).toEqual(
      level === 4 ? [] : [`next:${CRITERION_IDS[met.length]}`],
    );
  });
});

describe("teamsMessage", () => {
  const many = (n: number): TeamLine[] =>
    Array.from({ length: n }, (_, i) => ({
      id: i,
      name: `${NASTY} ${i}`.padEnd(200, "x"),
      channelId: `C${i}`,
      level: i % 5 === 0 ? null : (((i % 5) - 1) as Level),
      next: "ds_de_collaboration" as CriterionId,
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
    const all = JSON.stringify(message);
    expect(all).toContain("*1000 ML teams in this workspace*");
    expect(all).toContain("200 · no answers yet");
    expect(all).toMatch(/…and \d+ more teams/);
  });
});

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
    expect(JSON.stringify(view)).toContain("…and 90 more");
  });
});
