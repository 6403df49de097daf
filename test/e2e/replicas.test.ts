import { beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/connect.js";
import { DATABASE_KIND } from "../support/database.js";
import { type BotFixture, useBot, useDatabase } from "../support/fixture.js";
import { askStatus, checkIn, newTeam, type Where } from "../support/flows.js";
import { silentLogger } from "../support/logger.js";
import { visibleText } from "../support/messages.js";
import { SEED_LEVELS } from "../support/seed-levels.js";

// Two replicas of the bot on one Postgres, each with its own pool: they keep nothing of their own, so what one
// records the other shows at once. (The embedded database is one process: there are no replicas.)

const levelAnswer = (level: 1 | 2 | 3) => {
  const seed = SEED_LEVELS[level];
  if (!seed) throw new Error(`the seed has a level ${level}`);
  return seed.answer;
};

/** The level /mlops status shows on `bot`, as a person reads it. */
async function levelShown(bot: BotFixture, where: Where): Promise<number> {
  const shown = visibleText(await askStatus(bot, where));
  const level = /\*Level (\d) — /.exec(shown)?.[1];
  if (level === undefined) throw new Error(`status shows no level:\n${shown}`);
  return Number(level);
}

describe.skipIf(DATABASE_KIND !== "postgres")("two replicas on one Postgres", () => {
  const database = useDatabase();
  let second: DatabaseHandle | undefined;
  beforeAll(async () => {
    second = await openDatabase({ databaseUrl: database.handle.url, dataDir: "", logger: silentLogger() });
    return () => second?.close();
  });
  const a = useBot({ database: () => database.handle });
  const b = useBot({
    database: () => {
      if (!second) throw new Error("the second pool is opened first");
      return second;
    },
  });

  it("status on B shows a check-in made on A at once, every time", async () => {
    const where = await newTeam(a, "Replicated", "replicas");
    for (const level of [1, 2, 1, 3] as const) {
      await askStatus(b, where); // B has read the team before each answer
      await checkIn(a, where, levelAnswer(level));
      expect(await levelShown(b, where)).toBe(level);
    }
  });
});
