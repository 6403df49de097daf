import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { ClosedRound } from "../../src/domain/digest.js";
import { teamDigestData } from "../../src/domain/digest.js";
import { NUDGE_KINDS, type Nudge } from "../../src/domain/nudges.js";
import { type OrgTeam, orgDigestData } from "../../src/domain/org-digest.js";
import type { Level } from "../../src/domain/rubric.js";
import { OPEN_CHECKIN_ACTION, SNOOZE_NUDGE_ACTION } from "../../src/slack/ids.js";
import type { ChatMessage } from "../../src/slack/views/chat-message.js";
import { nudgeMessage, snoozedNudgeBlocks } from "../../src/slack/views/nudge.js";
import { orgDigestMessage } from "../../src/slack/views/org-digest.js";
import { promptMessage } from "../../src/slack/views/prompt.js";
import { reminderMessage } from "../../src/slack/views/reminder.js";
import { teamDigestMessage } from "../../src/slack/views/team-digest.js";
import { closedRound, upTo } from "../support/rounds.js";

const EVIL = "<!channel> & <@U123>";

type AnyBlock = KnownBlock & {
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: string | { text: string } }[];
};

function blocks(message: ChatMessage): AnyBlock[] {
  return message.blocks as AnyBlock[];
}

function block(message: ChatMessage, blockId: string): AnyBlock {
  const found = blocks(message).find((b) => b.block_id === blockId);
  if (!found) throw new Error(`no block ${blockId} in ${JSON.stringify(message.blocks)}`);
  return found;
}

function allText(message: ChatMessage): string {
  return JSON.stringify(message);
}

function buttons(message: ChatMessage) {
  return blocks(message)
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);
}

function expectWithinLimits(message: ChatMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks(message)) {
    if (b.type === "section") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    if (b.type === "header") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(150);
  }
}

describe("promptMessage", () => {
  const message = promptMessage({
    mlTeamId: 42,
    teamName: EVIL,
    cadence: "weekly",
    period: "2026-03-23",
    lastDay: "2026-03-29",
    timeZone: "Europe/Berlin",
    respondents: ["UALICE", "UBOB"],
  });

  it("asks the respondents by name, with a Check in button carrying the team id", () => {
    expect(block(message, "checkin_prompt").text?.text).toContain("Sun 29 Mar (Europe/Berlin)");
    expect(allText(message)).toContain("<@UALICE> and <@UBOB>");
    expect(buttons(message)).toEqual([
      expect.objectContaining({ action_id: OPEN_CHECKIN_ACTION, value: "42" }),
    ]);
  });

  it("escapes the team name so it pings nobody", () => {
    expect(allText(message)).not.toContain("<!channel>");
    expect(allText(message)).toContain("&lt;!channel&gt; &amp; &lt;@U123&gt;");
  });
});

describe("reminderMessage", () => {
  it("names the team and its channel, escaped, with a Check in button", () => {
    const message = reminderMessage({
      mlTeamId: 7,
      teamName: EVIL,
      channelId: "CTEAM",
      period: "2026-03-23",
      lastDay: "2026-03-29",
      timeZone: "UTC",
    });
    expect(allText(message)).toContain("<#CTEAM>");
    expect(allText(message)).not.toContain("<!channel>");
    expect(buttons(message)).toEqual([
      expect.objectContaining({ action_id: OPEN_CHECKIN_ACTION, value: "7" }),
    ]);
  });
});

describe("nudgeMessage", () => {
  const nudges: Nudge[] = [
    { kind: "siloed_roles", workOn: "ds_de_collaboration" },
    {
      kind: "manual_releases",
      firstMissing: "scoring_script_versioned",
      remaining: ["tested_scoring_script", "cicd_model_release"],
    },
    { kind: "regression", from: 2, to: 1 },
    { kind: "missed_checkin" },
  ];

  it.each(nudges)("$kind has its public block id, advice, and Snooze / Check in buttons", (nudge) => {
    const message = nudgeMessage({
      mlTeamId: 9,
      teamName: EVIL,
      period: "2026-03-23",
      nudge,
      lost: upTo(2).slice(6),
    });
    expect(message.blocks[0]).toMatchObject({ block_id: `nudge:${nudge.kind}` });
    expect(buttons(message)).toEqual([
      expect.objectContaining({
        action_id: SNOOZE_NUDGE_ACTION,
        value: `9:${nudge.kind}`,
        text: expect.objectContaining({ text: "Snooze 4 weeks" }),
      }),
      expect.objectContaining({ action_id: OPEN_CHECKIN_ACTION, value: "9" }),
    ]);
    expect(allText(message)).not.toContain("<!channel>");
    expectWithinLimits(message);
  });

  it("walks manual releases along the seed's ladder, starting at the first missing rung", () => {
    const message = nudgeMessage({
      mlTeamId: 9,
      teamName: "ML",
      period: "2026-03-23",
      nudge: nudges[1] as Nudge,
    });
    expect(block(message, "nudge:manual_releases").text?.text).toContain(
      "Put the scoring script under version control",
    );
    expect(allText(message)).toMatch(
      /automate app releases~ :white_check_mark: → \*version the scoring script\* \(next\) → add tests to it → release models through CI\/CD/,
    );
  });

  it("says what a regression lost", () => {
    const message = nudgeMessage({
      mlTeamId: 9,
      teamName: "ML",
      period: "2026-03-23",
      nudge: nudges[2] as Nudge,
      lost: ["managed_compute"],
    });
    expect(allText(message)).toContain("The level fell from 2 to 1");
    expect(allText(message)).toContain("Training compute");
  });

  it("covers every nudge kind", () => {
    expect(nudges.map((n) => n.kind)).toEqual([...NUDGE_KINDS]);
  });
});

describe("snoozedNudgeBlocks", () => {
  it("replaces the snooze button with a note and keeps Check in", () => {
    const original = nudgeMessage({
      mlTeamId: 9,
      teamName: "ML",
      period: "2026-03-23",
      nudge: { kind: "missed_checkin" },
    });
    const updated = snoozedNudgeBlocks(
      original.blocks as AnyBlock[],
      9,
      "missed_checkin",
      "snoozed by <@U1>",
    );
    expect(JSON.stringify(updated)).toContain("snoozed by <@U1>");
    expect(JSON.stringify(updated)).not.toContain(SNOOZE_NUDGE_ACTION);
    expect(JSON.stringify(updated)).toContain(OPEN_CHECKIN_ACTION);
    expect(snoozedNudgeBlocks(undefined, 9, "missed_checkin", "x")).toBeNull();
  });
});

// One of the two respondents answered each round here.
function closed(period: string, level: Level | null, overrides: Partial<ClosedRound> = {}): ClosedRound {
  return closedRound(period, level, { answered: level === null ? 0 : 1, ...overrides });
}

describe("teamDigestMessage", () => {
  it("shows level (public block id), change, N of M with roles, next prerequisite, disputed and trend", () => {
    const data = teamDigestData(
      [
        closed("2026-03-23", 2, { disputed: ["ab_testing"] }),
        closed("2026-03-16", null),
        closed("2026-03-09", 1),
      ],
      ["data_scientist"],
    );
    const message = teamDigestMessage({ teamName: EVIL, data });
    expect(block(message, "level:2").text?.text).toMatch(
      /Level 2 — Automated Training[\s\S]*Up from level 1/,
    );
    expect(block(message, "digest:answered").text?.text).toBe(
      "*Answered:* 1 of 2 respondents — 1 × data scientist",
    );
    expect(block(message, "digest:next").text?.text).toContain(
      "Data scientists, data engineers and software engineers work together",
    );
    expect(block(message, "digest:disputed").text?.text).toContain("A/B tested");
    expect(allText(message)).toContain("1 → – → 2");
    expect(allText(message)).not.toContain("<!channel>");
    expectWithinLimits(message);
  });

  it("keeps the last known level when nobody answered", () => {
    const data = teamDigestData([closed("2026-03-23", null), closed("2026-03-16", 1)], []);
    const message = teamDigestMessage({ teamName: "ML", data });
    expect(block(message, "level:1").text?.text).toMatch(/Nobody answered[\s\S]*stays at \*Level 1/);
    expect(block(message, "digest:answered").text?.text).toBe("*Answered:* 0 of 2 respondents");
    const first = teamDigestMessage({
      teamName: "ML",
      data: teamDigestData([closed("2026-03-23", null)], []),
    });
    expect(block(first, "level:none").text?.text).toContain("no level yet");
  });
});

describe("orgDigestMessage", () => {
  it("stays a summary within Block Kit limits with 2,000 teams", () => {
    const teams: OrgTeam[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: i,
      name: `${EVIL} team ${i} with a rather long name that goes on and on`.repeat(2),
      channelId: `C${i}`,
      history: [
        closed("2026-03-23", i % 3 === 0 ? null : ((i % 5) as Level)),
        closed("2026-03-16", ((i + 1) % 5) as Level),
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

  it("counts teams per level and reports participation", () => {
    const teams: OrgTeam[] = [
      {
        id: 1,
        name: "A",
        channelId: "C1",
        history: [closed("2026-03-23", 2, { answered: 2 }), closed("2026-03-16", 1)],
      },
      { id: 2, name: "B", channelId: "C2", history: [closed("2026-03-23", null)] },
    ];
    const message = orgDigestMessage({
      week: "2026-03-30",
      data: orgDigestData(teams, new Date("2026-03-20T00:00:00Z")),
    });
    expect(block(message, "org:levels").text?.text).toContain("Level 2 — Automated Training: *1*");
    expect(block(message, "org:levels").text?.text).toContain("Not assessed yet: *1*");
    expect(block(message, "org:moved_up").text?.text).toContain("*A* (<#C1>) 1 → 2");
    expect(block(message, "org:missed").text?.text).toContain("*B* (<#C2>)");
    expect(allText(message)).toContain("2 of 4 respondents answered (50%); 1 of 2 teams checked in");
  });
});
