import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/db/connect.js";
import { withDatabaseDeadline } from "../../src/db/deadline.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useDatabase } from "../support/fixture.js";

// The budget applies to a real Postgres pool (the embedded database has one in-process connection).
describe.runIf(TEST_DATABASE_URL)("a request's database budget", () => {
  const database = useDatabase({ poolSize: 1 });

  async function failsWithin(budgetMs: number, work: () => Promise<unknown>) {
    const started = performance.now();
    const error = await withDatabaseDeadline(budgetMs, work).then(
      () => undefined,
      (err: unknown) => err,
    );
    return { error, ms: performance.now() - started };
  }

  it("ends a slow query when the budget runs out, and the next request gets a connection that is not stuck", async () => {
    const { error, ms } = await failsWithin(300, () => sql`select pg_sleep(2)`.execute(database.db));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(600);
    const next = performance.now();
    await withDatabaseDeadline(500, () => sql`select 1`.execute(database.db));
    expect(performance.now() - next).toBeLessThan(400);
  });

  it("shares one budget between all the queries of a request", async () => {
    const { error, ms } = await failsWithin(500, async () => {
      for (let i = 0; i < 5; i++) await sql`select pg_sleep(0.2)`.execute(database.db);
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(800);
  });

  it("gives up waiting for a connection when the budget runs out", async () => {
    const busy = sql`select pg_sleep(1)`.execute(database.db); // the pool's one connection
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { error, ms } = await failsWithin(300, () => sql`select 1`.execute(database.db));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(600);
    await busy;
  });

  it("lets a budget longer than the pool's 2 s query timeout run a query that needs it (the tick's bulk reads)", async () => {
    await expect(
      withDatabaseDeadline(5_000, () => sql`select pg_sleep(2.2)`.execute(database.db)),
    ).resolves.toBeDefined();
    await expect(sql`select pg_sleep(2.2)`.execute(database.db)).rejects.toThrow(/timeout/);
  });

  it("leaves work outside any request to the pool's own timeouts", async () => {
    await expect(sql`select pg_sleep(0.5)`.execute(database.db)).resolves.toBeDefined();
  });
});
