import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withinBudget } from "../../src/db/connect.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useBot, useDatabase } from "../support/fixture.js";
import { replyOf } from "../support/harness.js";
import { capturingLogger } from "../support/logger.js";

// Only a real Postgres has a pool to exhaust (the embedded database has one in-process connection).
describe.runIf(TEST_DATABASE_URL)(
  "a request that finds every pooled connection taken on a healthy database",
  () => {
    const database = useDatabase({ poolSize: 1 });
    const log = capturingLogger("warn");
    const bot = useBot({ database: () => database.handle, logger: log.logger });

    it("tells the person the bot is busy, not that it cannot reach its database, and logs which", async () => {
      // The pool's one connection, held by a long query of the same process (within a budget of its own).
      const held = sql`select pg_sleep(3)`.execute(withinBudget(database.db, 10_000));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reply = await replyOf(await bot.command("status"));
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toBe(
        ":hourglass: The MLOps bot is busy right now — try again in a few seconds. Nothing was changed.",
      );
      expect(reply.text).not.toMatch(/cannot reach/);
      const lines = log.lines().map((l) => l.msg);
      expect(lines).toContain("database busy: every pooled connection was in use");
      expect(lines).not.toContain("database unavailable");
      await held;

      const after = await replyOf(await bot.command("status"));
      expect(after.text ?? "").not.toMatch(/busy right now|cannot reach/);
    });
  },
);
