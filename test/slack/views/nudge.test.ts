import { describe, expect, it } from "vitest";
import { NUDGE_KINDS, type Nudge } from "../../../src/domain/nudges.js";
import { OPEN_CHECKIN_ACTION, SNOOZE_NUDGE_ACTION } from "../../../src/slack/ids.js";
import { nudgeMessage, snoozedNudgeMessage } from "../../../src/slack/views/nudge.js";
import { actionIds, block, buttons, expectWithinLimits, visibleText } from "../../support/messages.js";
import { upTo } from "../../support/rounds.js";

const EVIL = "<!channel> & <@U123>";

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
    { kind: "practice_lost", level: 1, lost: ["managed_compute"] },
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
    expect(JSON.stringify(message)).not.toContain("<!channel>");
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
    expect(visibleText(message)).toMatch(
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
    expect(visibleText(message)).toContain("The level fell from 2 to 1");
    expect(visibleText(message)).toContain("Training compute");
  });

  it("covers every nudge kind", () => {
    expect(nudges.map((n) => n.kind)).toEqual([...NUDGE_KINDS]);
  });
});

describe("snoozedNudgeMessage", () => {
  it("replaces the snooze button with who snoozed it until when, and keeps Check in", () => {
    const original = nudgeMessage({
      mlTeamId: 9,
      teamName: "ML",
      period: "2026-03-23",
      nudge: { kind: "missed_checkin" },
    });
    const snooze = {
      mlTeamId: 9,
      kind: "missed_checkin" as const,
      userId: "U1",
      until: new Date("2026-04-20T08:00:00Z"),
      timeZone: "Europe/Berlin",
    };
    const updated = snoozedNudgeMessage(original, snooze);
    expect(updated?.text).toBe(original.text);
    expect(visibleText(updated?.blocks)).toContain(
      ":zzz: <@U1> snoozed missed-check-in nudges until <!date^1776672000^{date_short_pretty} at {time}|Mon 20 Apr 2026, 10:00 (Europe/Berlin)>.",
    );
    expect(JSON.stringify(updated)).not.toContain(SNOOZE_NUDGE_ACTION);
    expect(actionIds(updated?.blocks)).toContain(OPEN_CHECKIN_ACTION);
    expect(snoozedNudgeMessage(undefined, snooze)).toBeNull();
    expect(snoozedNudgeMessage({ text: "something else", blocks: [{ type: "divider" }] }, snooze)).toBeNull();
  });
});
