import { describe, expect, it } from "vitest";
import { roundResult } from "../../../src/domain/round-result.js";
import { unchangedReply } from "../../../src/slack/views/replies.js";
import { stored, upTo } from "../../support/rounds.js";

describe("unchangedReply", () => {
  const team = { teamId: "T0", name: "Fraud", channelId: "CFRAUD" };
  const result = roundResult([stored(upTo(1))]);

  it("says the previous answer counts for the round, or that the one already given stays, and where the team stands", () => {
    const counted = unchangedReply({
      kind: "confirmed",
      team,
      period: "2026-03-23",
      alreadyAnswered: false,
      result,
      leftOut: [],
    });
    expect(counted.title).toBe("Check-in saved");
    expect(counted.text).toMatch(
      /^:white_check_mark: Counted: nothing changed since your last answer, so it is your answer for the round of Mon 23 Mar\. \*Fraud\* is at \*Level 1/,
    );
    const kept = unchangedReply({
      kind: "confirmed",
      team,
      period: "2026-03-23",
      alreadyAnswered: true,
      result,
      leftOut: [],
    });
    expect(kept.text).toMatch(/^:ballot_box_with_check: You have already answered the round of Mon 23 Mar/);
  });

  it("says the level leaves out disputed practices under the strict evidence policy", () => {
    const strict = unchangedReply({
      kind: "confirmed",
      team,
      period: "2026-03-23",
      alreadyAnswered: false,
      result: roundResult([stored(upTo(0))]),
      leftOut: ["automated_app_releases"],
    });
    expect(strict.text).toContain(
      "*Fraud* is at *Level 0 — No MLOps* (strict evidence policy: 1 disputed practice left out); next:",
    );
  });

  it("refuses someone outside the team, naming the channel and who set it up; and says a team is gone", () => {
    const refused = unchangedReply({
      kind: "refused",
      team: { name: "Fraud", channelId: "CFRAUD", createdBy: "UCREATOR" },
      unverified: undefined,
    });
    expect(refused.title).toBe("Not your team");
    expect(refused.text).toContain("Join <#CFRAUD>, or ask <@UCREATOR>");
    expect(unchangedReply({ kind: "team-gone" }).title).toBe("Team not found");
  });
});
