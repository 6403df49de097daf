import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/connect.js";
import { DATABASE_KIND } from "../support/database.js";
import { type BotFixture, useBot, useDatabase } from "../support/fixture.js";
import { askStatus, checkIn, newTeam, type Where } from "../support/flows.js";
import { silentLogger } from "../support/logger.js";
import { visibleText } from "../support/messages.js";
import { SEED_LEVELS } from "../support/seed-levels.js";

// Two replicas of the bot on one Postgres, each with its own pool, read cache and listening connection:
// what one of them records, the other never shows stale once it has shown it, nor after losing its
// listening connection. (The embedded database is one process: there are no replicas to keep in step.)

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

/** Polls B until it shows `level`, then asks it again and again: it must never go back. */
async function seenAndKept(bot: BotFixture, where: Where, level: number): Promise<void> {
  await vi.waitFor(async () => expect(await levelShown(bot, where)).toBe(level), {
    timeout: 5_000,
    interval: 5,
  });
  for (let i = 0; i < 10; i += 1) expect(await levelShown(bot, where)).toBe(level);
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

  it("B shows a check-in made on A, and never the answer before it once it has shown it", async () => {
    const where = await newTeam(a, "Replicated", "replicas");
    await checkIn(a, where, levelAnswer(1));
    await seenAndKept(b, where, 1); // now cached on B
    expect(b.bot.readCache?.stats().hits).toBeGreaterThan(0);
    for (const level of [2, 1, 3, 2] as const) {
      await levelShown(a, where); // cached on A too
      await checkIn(a, where, levelAnswer(level));
      // The replica that took the answer shows it at once: the check-in waits until its cache has heard it.
      expect(await levelShown(a, where)).toBe(level);
      await seenAndKept(b, where, level);
    }
  });

  it("B never shows a stale answer after losing its listening connection: it reads the database until it listens again", async () => {
    const where = await newTeam(a, "Cut off", "replicas");
    await checkIn(a, where, levelAnswer(1));
    await seenAndKept(b, where, 1);
    const feed = b.bot.readCache?.feed ?? "";
    const killed = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = ${feed}`.execute(
      database.db,
    );
    expect(killed.rows[0]?.n).toBe(1);
    // Written while B's connection is gone: no notification can reach B for it.
    await checkIn(a, where, levelAnswer(2));
    expect(await levelShown(b, where)).toBe(2);
    await vi.waitFor(() => expect(b.bot.readCache?.stats().live).toBe(true), { timeout: 10_000 });
    expect(await levelShown(b, where)).toBe(2);
    // Listening again: B hears the next change as before.
    await seenAndKept(b, where, 2);
    await checkIn(a, where, levelAnswer(3));
    await seenAndKept(b, where, 3);
  });
});
