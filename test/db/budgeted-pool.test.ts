import { type Kysely, sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, openDatabase, withinBudget } from "../../src/db/connect.js";
import { isPoolExhausted, isStatementTooSlow } from "../../src/db/deadline.js";
import type { Database } from "../../src/db/schema.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useDatabase } from "../support/fixture.js";
import { silentLogger } from "../support/logger.js";
import { TcpProxy, viaProxy } from "../support/tcp-proxy.js";

// The budget applies to a real Postgres pool (the embedded database has one in-process connection).
describe.runIf(TEST_DATABASE_URL)("a request's database budget", () => {
  const database = useDatabase({ poolSize: 1 });

  /** Runs `work` on `base` within `budgetMs`, and how it failed and when. */
  async function failsWithin(
    budgetMs: number,
    work: (db: Kysely<Database>) => Promise<unknown>,
    base: Kysely<Database> = database.db,
  ) {
    const started = performance.now();
    const error = await work(withinBudget(base, budgetMs)).then(
      () => undefined,
      (err: unknown) => err,
    );
    return { error, ms: performance.now() - started };
  }

  it("ends a slow query when the budget runs out, and the next request gets a connection that is not stuck", async () => {
    const { error, ms } = await failsWithin(300, (db) => sql`select pg_sleep(2)`.execute(db));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isPoolExhausted(error)).toBe(false);
    // The server took the cancel: it is reachable, the statement only slow.
    expect(isStatementTooSlow(error)).toBe(true);
    expect(ms).toBeLessThan(600);
    const next = performance.now();
    await sql`select 1`.execute(withinBudget(database.db, 500));
    expect(performance.now() - next).toBeLessThan(400);
  });

  /** Runs `work` while another connection holds an exclusive lock on ml_teams; `whileLocked` looks meanwhile. */
  async function withTeamsLocked<T>(
    work: () => Promise<T>,
    whileLocked: (locker: pg.Client) => Promise<void>,
  ) {
    const locker = new pg.Client({ connectionString: database.handle.url });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query("lock table ml_teams in access exclusive mode");
      const result = await work();
      await whileLocked(locker);
      return result;
    } finally {
      await locker.query("rollback");
      await locker.end();
    }
  }

  const backendPid = async () =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]?.pid;
  const waitingOnLocks = async (locker: pg.Client) =>
    (
      await locker.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      )
    ).rows[0]?.n;

  /** Reads `read` until it gives `expected` or 2 s have passed; returns the last reading. */
  async function settlesTo<T>(expected: T, read: () => Promise<T>): Promise<T> {
    const until = performance.now() + 2_000;
    for (;;) {
      const value = await read();
      if (value === expected || performance.now() > until) return value;
      await new Promise((done) => setTimeout(done, 25));
    }
  }

  it("cancels a query held by a lock past its budget on the server, keeps the pool's connection, and the next request succeeds", async () => {
    const before = await backendPid();
    const { error, ms } = await withTeamsLocked(
      () => failsWithin(300, (db) => db.selectFrom("ml_teams").selectAll().execute()),
      // The cancel request travels on a connection of its own: the server ends the query shortly after the
      // caller hears of the deadline, while the lock is still held (without the cancel it would wait for it).
      async (locker) => expect(await settlesTo(0, () => waitingOnLocks(locker))).toBe(0),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(600);
    await expect(
      withinBudget(database.db, 500).selectFrom("ml_teams").selectAll().execute(),
    ).resolves.toEqual([]);
    expect(await backendPid()).toBe(before);
  });

  it("rolls back a transaction whose statement was cancelled before its connection goes back to the pool", async () => {
    const before = await backendPid();
    const { error } = await withTeamsLocked(
      () =>
        failsWithin(300, (db) =>
          db.transaction().execute(async (trx) => {
            await trx.insertInto("workspaces").values({ team_id: "TGONE" }).execute();
            await trx.selectFrom("ml_teams").selectAll().execute();
          }),
        ),
      async () => {},
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    await withinBudget(database.db, 500).insertInto("workspaces").values({ team_id: "TNEXT" }).execute();
    expect(await backendPid()).toBe(before);
    // Seen from another connection: the next request's write committed, the cancelled one's did not.
    const other = new pg.Client({ connectionString: database.handle.url });
    await other.connect();
    try {
      const rows = await other.query<{ team_id: string }>(
        "select team_id from workspaces where team_id in ('TGONE', 'TNEXT')",
      );
      expect(rows.rows).toEqual([{ team_id: "TNEXT" }]);
    } finally {
      await other.end();
    }
  });

  it("shares one budget between all the queries of a request", async () => {
    const { error, ms } = await failsWithin(500, async (db) => {
      for (let i = 0; i < 5; i++) await sql`select pg_sleep(0.2)`.execute(db);
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(800);
  });

  it("gives up waiting for a connection when the budget runs out", async () => {
    const busy = sql`select pg_sleep(1)`.execute(database.db); // the pool's one connection
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { error, ms } = await failsWithin(300, (db) => sql`select 1`.execute(db));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isPoolExhausted(error)).toBe(true);
    expect(ms).toBeLessThan(600);
    await busy;
  });

  it("lets a budget longer than the pool's 2 s query timeout run a query that needs it (the tick's bulk reads)", async () => {
    await expect(sql`select pg_sleep(2.2)`.execute(withinBudget(database.db, 5_000))).resolves.toBeDefined();
    await expect(sql`select pg_sleep(2.2)`.execute(database.db)).rejects.toThrow(/timeout/);
  });

  it("leaves work outside any request to the pool's own timeouts", async () => {
    await expect(sql`select pg_sleep(0.5)`.execute(database.db)).resolves.toBeDefined();
  });

  it("tells a statement whose server went silent (unreachable) from one the server cancelled (slow)", async () => {
    const target = new URL(database.handle.url ?? "");
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    const viaNetwork = await openDatabase({
      databaseUrl: viaProxy(database.handle.url ?? "", proxy),
      dataDir: "",
      logger: silentLogger(),
      poolSize: 1,
    });
    try {
      const slow = await failsWithin(300, (db) => sql`select pg_sleep(2)`.execute(db), viaNetwork.db);
      expect(isStatementTooSlow(slow.error)).toBe(true);
      const sleeping = failsWithin(500, (db) => sql`select pg_sleep(2)`.execute(db), viaNetwork.db);
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.freeze();
      const silent = await sleeping;
      expect(isDatabaseUnavailable(silent.error)).toBe(true);
      expect(isStatementTooSlow(silent.error)).toBe(false);
      expect(isPoolExhausted(silent.error)).toBe(false);
      // The budget, then at most the cancel's 300 ms to learn that the server is not there.
      expect(silent.ms).toBeLessThan(1_000);
    } finally {
      proxy.set("refuse");
      await viaNetwork.close();
      await proxy.stop();
    }
  });
});
