import { describe, expect, it } from "vitest";
import { groupRollup } from "../../../src/domain/group-rollup.js";
import { type OrgTeam, orgDigestData } from "../../../src/domain/org-digest.js";
import { orgDigestMessage } from "../../../src/slack/views/org-digest.js";
import { blockIds, expectWithinLimits, visibleText } from "../../support/messages.js";
import { closedRound, upTo } from "../../support/rounds.js";

describe("the org digest's group sections", () => {
  const teams: OrgTeam[] = [
    {
      id: 1,
      name: "Search",
      channelId: "C1",
      history: [closedRound("2026-03-23", 2), closedRound("2026-03-16", 1)],
    },
    {
      id: 2,
      name: "Ranking",
      channelId: "C2",
      history: [
        closedRound("2026-03-23", 1),
        closedRound("2026-03-16", 1, { met: [...upTo(1), "managed_compute"] }),
      ],
    },
    {
      id: 3,
      name: "Vision",
      channelId: "C3",
      history: [closedRound("2026-03-23", null), closedRound("2026-03-16", 2)],
    },
  ];

  it("gives each group one compact section, at most ten, then says how to see the others", () => {
    const groups = Array.from({ length: 12 }, (_, i) => ({
      name: i === 0 ? "<!channel> Recommendations" : `Group ${String(i).padStart(2, "0")}`,
      rollup: groupRollup(i === 0 ? teams : teams.slice(0, 1)),
    }));
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-20T00:00:00Z")),
      groups,
    });
    expectWithinLimits(message);
    expect(blockIds(message).filter((id) => id.startsWith("org:group:"))).toHaveLength(10);
    const shown = visibleText(message);
    expect(shown).toContain(
      "*Group &lt;!channel&gt; Recommendations* · 3 teams · L0 0 · L1 1 · L2 2 · L3 0 · L4 0 · median Level 2 — Automated Training · 1 moved · 1 team lost a practice · 1 missed their check-in",
    );
    expect(shown).toContain("…and 2 more: `/mlops status group &lt;name&gt;` rolls any group up.");
    expect(JSON.stringify(message)).not.toContain("<!channel>");
  });

  it("adds nothing without groups", () => {
    const message = orgDigestMessage({ week: "2026-03-30", data: orgDigestData(teams, new Date(0)) });
    expect(blockIds(message).some((id) => id.startsWith("org:group"))).toBe(false);
  });
});
