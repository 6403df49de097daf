import { describe, expect, it } from "vitest";
import { roundResult } from "../../../src/domain/round-result.js";
import { CRITERION_IDS, type CriterionId, type Level } from "../../../src/domain/rubric.js";
import { statusMessage } from "../../../src/slack/views/status.js";
import { stored } from "../../support/rounds.js";

const NASTY = "<!channel> & <@U123> <https://evil.example|click>";

describe("statusMessage", () => {
  it("never exceeds Slack's limits, even with every criterion disputed and a huge name", () => {
    const everything = [...CRITERION_IDS];
    const half = CRITERION_IDS.filter((_, i) => i % 2 === 0);
    const message = statusMessage({
      team: { id: 1, name: NASTY.repeat(100), channelId: "C1" },
      respondentCount: 2,
      round: { period: "2026-11-23", recency: "current" },
      result: roundResult([stored(everything), stored(half)]),
      evidence: null,
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
      result: roundResult([stored(met)]),
      evidence: null,
    });
    const ids = message.blocks?.map((b) => b.block_id) ?? [];
    expect(ids).toContain(`level:${level}`);
    expect(ids.filter((id) => id?.startsWith("next:"))).toEqual(
      level === 4 ? [] : [`next:${CRITERION_IDS[met.length]}`],
    );
  });

  it("says how many practices the next prerequisite's level still misses, and when it is the last", () => {
    const next = (met: CriterionId[]) =>
      statusMessage({
        team: { id: 1, name: "T", channelId: "C1" },
        respondentCount: 1,
        round: { period: "2026-11-23", recency: "current" },
        result: roundResult([stored(met)]),
        evidence: null,
      }).blocks?.find((b) => b.block_id?.startsWith("next:"));
    const text = (block: ReturnType<typeof next>) => (block?.type === "section" ? block.text?.text : "");
    expect(text(next([]))).toContain(
      "It is one of the 6 practices still missing for *Level 1 — DevOps but no MLOps*",
    );
    expect(text(next(CRITERION_IDS.slice(0, 5)))).toContain(
      "It is the last practice missing for *Level 1 — DevOps but no MLOps*",
    );
  });
});
