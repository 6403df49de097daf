import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";
import { askStatus, checkIn, setUpTeam } from "../support/flows.js";
import { blockIds } from "../support/messages.js";
import type { Actor } from "../support/payloads.js";
import { SEED_LEVELS } from "../support/seed-levels.js";

// "Done means": a new user sets up a team, two people answer the check-in, and /mlops status shows the
// right level and next prerequisite for each of the seed's five level descriptions — also after a restart.

const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
const BOB: Actor = { teamId: "T0", userId: "UBOB" };
const NOW = new Date("2026-11-25T12:00:00Z"); // a Wednesday; the weekly round started Monday 23 Nov

const bot = useBot({
  clock: () => NOW,
  setup: ({ slack }) => {
    slack.users.set(ALICE.userId, { id: ALICE.userId, tz: "Europe/Berlin" });
    slack.users.set(BOB.userId, { id: BOB.userId, tz: "America/New_York" });
  },
});

const channelOf = (level: number) => ({ channelId: `CLEVEL${level}`, channelName: `ml-level-${level}` });

describe("setup → two check-ins → status, for each level the seed describes", () => {
  it.each(SEED_LEVELS.map((seed) => [seed.level, seed] as const))("a Level %i team", async (_, seed) => {
    const { level, answer, next } = seed;
    const alice = { actor: ALICE, ...channelOf(level) };
    const confirmation = await setUpTeam(bot, alice, {
      name: `Team at level ${level}`,
      respondents: [ALICE.userId, BOB.userId],
    });
    expect(confirmation).toContain(
      `*Team at level ${level}* is set up: weekly check-ins on Monday at 10:00 (Europe/Berlin) for 2 people.`,
    );

    expect(await checkIn(bot, alice, answer)).toContain(
      `Thanks! *Team at level ${level}* is at *Level ${level} —`,
    );
    await checkIn(bot, { ...alice, actor: BOB }, answer);

    const reply = await askStatus(bot, { actor: BOB, ...channelOf(level) });
    expect(reply.response_type).toBe("ephemeral");
    const ids = blockIds(reply);
    expect(ids).toContain(`level:${level}`);
    if (next) expect(ids).toContain(`next:${next}`);
    else expect(ids.filter((id) => id.startsWith("next:"))).toEqual([]);
    const team = reply.blocks?.find((b) => b.block_id === "team")?.text?.text;
    expect(team).toContain("Round of Mon 23 Nov (the current round)");
    expect(team).toContain("2 of 2 respondents answered");
  });

  it("still answers the same after the bot restarts on the same database", async () => {
    await bot.restart();
    for (const { level, next } of SEED_LEVELS) {
      const ids = blockIds(await askStatus(bot, { actor: ALICE, ...channelOf(level) }));
      expect(ids).toContain(`level:${level}`);
      if (next) expect(ids).toContain(`next:${next}`);
    }
  });
});
