// `/mlops history` through the real app: signed slash commands over HTTP, answered in the ack.
import { describe, expect, it } from "vitest";
import { addDays } from "../../../../src/domain/calendar.js";
import { CRITERIA } from "../../../../src/domain/rubric.js";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { chartIn, visibleText } from "../../../support/messages.js";
import { ALICE } from "../../../support/payloads.js";
import { NOT_OUR_WORKSPACE, STRANGER } from "../../../support/people.js";
import { upTo } from "../../../support/rounds.js";
import { seedTeam, snapshot } from "../../../support/seed.js";

const LEVEL_2 = CRITERIA.filter((c) => c.level === 2).map((c) => c.id);
// A Monday clock after the last round below has closed.
const bot = useBot({ clock: () => new Date("2026-02-23T12:00:00Z"), resetBetweenTests: true });

async function climbingTeam(): Promise<void> {
  const id = await seedTeam(bot.db, {
    channelId: "CTEAM",
    name: "Fraud <models>",
    createdAt: "2025-12-01T00:00:00Z",
  });
  const met = [
    [],
    upTo(1),
    [...upTo(1), ...LEVEL_2.slice(0, 2)],
    [...upTo(1), ...LEVEL_2.slice(0, 4)],
    null,
    upTo(2),
  ];
  for (const [i, m] of met.entries()) {
    await snapshot(bot.db, { mlTeamId: id, period: addDays("2026-01-12", 7 * i), met: m });
  }
}

describe("/mlops history", () => {
  it("draws the levels of the rounds with answers, and says the same, what changed and the estimate", async () => {
    await climbingTeam();
    const reply = await replyOf(await bot.command("history", { actor: ALICE, channelId: "CTEAM" }));
    expect(reply.response_type).toBe("ephemeral");
    expect(chartIn(reply, "history:levels")).toMatchObject({
      title: "Level, last 5 rounds with answers",
      type: "line",
      categories: ["12 Jan", "19 Jan", "26 Jan", "2 Feb", "16 Feb"],
      series: { Level: [0, 1, 1, 1, 2] },
    });
    const text = visibleText(reply);
    expect(reply.text).toContain("Level 0 → 1 → 1 → 1 → 2 over 5 rounds");
    expect(text).toContain("Level 0 → 1 → 1 → 1 → 2 over 5 rounds.");
    expect(text).toContain("at Level 2 since the round of Mon 16 Feb, its highest so far");
    expect(text).toMatch(
      /Mon 16 Feb: gained _Training code and trained models are version-controlled_, _The scoring script/,
    );
    expect(text).toContain("Mon 19 Jan: gained _Application builds run automatically_");
    expect(text).toContain(
      "Answered per round (of respondents), oldest first (6 rounds, 1 without answers): 2/2 · 2/2 · 2/2 · 2/2 · 0/2 · 2/2",
    );
    // 0 to 12 practices from the first to the fifth round with answers: 3 a round; Level 3 needs all 6 of its own.
    expect(text).toContain(
      "at your pace of about 3 practices a round, Level 3 needs 6 more: about 2 rounds.",
    );
    expect(JSON.stringify(reply)).not.toContain("<models>");
  });

  it("finds the team by name too, and says when there is no history yet", async () => {
    await seedTeam(bot.db, { channelId: "CNEW", name: "Newcomers", createdAt: "2026-02-20T00:00:00Z" });
    const reply = await replyOf(
      await bot.command("history newcomers", { actor: ALICE, channelId: "CELSEWHERE" }),
    );
    expect(visibleText(reply)).toContain("No closed round has answers yet");
  });

  it("shows another workspace nothing of this one's teams", async () => {
    await climbingTeam();
    const reply = await replyOf(
      await bot.command("history <#CTEAM|fraud>", { actor: STRANGER, channelId: "CSTRANGE" }),
    );
    expect(reply.text).toContain(NOT_OUR_WORKSPACE);
    expect(reply.blocks).toBeUndefined();
  });
});
