// Issue 21 as a platform lead would try it: a group's team keeps its level but loses a practice; the ticks
// that close the round post the digest with the lost practice, one nudge, and the org digest's group line.
import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { blockIds, visibleText } from "../support/messages.js";
import { ALICE, BOB } from "../support/payloads.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { kinds, posts, tickAt } from "../support/scheduled.js";
import { answer, seedGroup, seedTeam, snapshot } from "../support/seed.js";

const bot = useBot();

describe("Done means (issue 21)", () => {
  it("a team that keeps its level but loses a practice gets a regression block in its digest and one nudge", async () => {
    const { slack } = bot;
    const deps = bot.bot.deps;
    const id = await seedTeam(bot.db, {
      channelId: "CTEAM",
      name: "Fraud models",
      createdAt: "2026-03-01T12:00:00Z",
      respondents: [ALICE.userId, BOB.userId],
    });
    await snapshot(bot.db, { mlTeamId: id, period: "2026-03-16", met: [...SEED_LEVEL_1, "managed_compute"] });
    for (const user of [ALICE, BOB])
      await answer(bot.db, { mlTeamId: id, period: "2026-03-23", userId: user.userId, met: SEED_LEVEL_1 });
    await seedGroup(bot.db, { name: "Risk", mlTeamIds: [id] });
    await bot.db
      .updateTable("workspaces")
      .set({ digest_channel_id: "CLEADS", digest_time_zone: "UTC", digest_set_by: ALICE.userId })
      .where("team_id", "=", "T0")
      .execute();

    await Promise.all([1, 2].map(() => tickAt(deps, "2026-03-30T09:30:00Z")));
    const team = kinds(slack, "CTEAM");
    expect(team.filter((k) => k === "nudge:practice_lost")).toHaveLength(1);
    expect(team).not.toContain("nudge:regression");
    const digest = posts(slack, "CTEAM").find((p) => blockIds(p.args).includes("level:1"));
    expect(blockIds(digest?.args ?? {})).toContain("regression:managed_compute");
    expect(visibleText(digest?.args.blocks)).toContain(
      "*Practice lost:* Training compute is managed counted last round and no longer does. 2 respondents of 2 no longer said it is in place.",
    );
    expect(kinds(slack, "CLEADS")).toEqual(["org_digest"]);
    expect(visibleText(posts(slack, "CLEADS")[0]?.args.blocks)).toContain(
      "*Group Risk* · 1 team · L0 0 · L1 1 · L2 0 · L3 0 · L4 0 · median Level 1",
    );

    slack.reset();
    await tickAt(deps, "2026-03-30T09:30:00Z");
    expect(posts(slack)).toEqual([]);
  });
});
