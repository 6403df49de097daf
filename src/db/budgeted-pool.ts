// The pg pool as kysely and the prepared statements see it. The view that `within(deadline)` gives applies a
// request's deadline (deadline.ts) to the wait for a connection and to every query. A query that runs out of
// time is cancelled on the server (cancel-request.ts), and its connection goes back to the pool once the
// server has stopped it: a slow moment costs the queries that ran out, never the pool's connections and the
// reconnections after them.
// Only a connection whose query does not end even when cancelled (the server unreachable) is closed.
import type pg from "pg";
import { cancelRunningQuery } from "./cancel-request.js";
import { DatabaseDeadlineExceeded, type Deadline, remainingMs } from "./deadline.js";

/** How long a cancelled query may take to end before its connection counts as lost. */
const CANCEL_GRACE_MS = 300;
const ROLLBACK = /^\s*rollback\b/i;

export interface BudgetedClient {
  query<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  release(destroy?: boolean): void;
}

export interface BudgetedPool {
  connect(): Promise<BudgetedClient>;
  /** One query on a pooled connection (what pg.Pool.query does), within the budget. */
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  end(): Promise<void>;
  /** The same pool, with `deadline` for every wait and query made through it. */
  within(deadline: Deadline): BudgetedPool;
}

export function budgetedPool(pool: pg.Pool, defaultQueryTimeoutMs: number): BudgetedPool {
  // Connections handed out and not yet released: when it is the pool's max, a wait that runs out was for
  // other work to finish (the pool is exhausted), not for a connection to the server to open.
  const inUse = { count: 0 };
  const connect = async (deadline: Deadline | undefined): Promise<BudgetedClient> => {
    const client = wrap(await acquire(pool, inUse, deadline), defaultQueryTimeoutMs, deadline);
    inUse.count++;
    let released = false;
    return {
      query: client.query,
      release: (destroy) => {
        if (released) return;
        released = true;
        // Counted in use until the pool has it back: a cancelled statement may still be ending, and a request
        // that runs out of time waiting meanwhile is waiting on a full pool, not on an unreachable server.
        void client.release(destroy).finally(() => {
          inUse.count--;
        });
      },
    };
  };
  const view = (deadline: Deadline | undefined): BudgetedPool => ({
    connect: () => connect(deadline),
    query: async (config) => {
      const client = await connect(deadline);
      try {
        return await client.query(config);
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
    within: view,
  });
  return view(undefined);
}

async function acquire(
  pool: pg.Pool,
  inUse: { readonly count: number },
  deadline: Deadline | undefined,
): Promise<pg.PoolClient> {
  if (deadline === undefined) return pool.connect();
  const remaining = remainingMs(deadline);
  if (remaining <= 0) throw new DatabaseDeadlineExceeded("before it could get a connection");
  const pending = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseDeadlineExceeded("waiting for a connection")), remaining);
  });
  try {
    return await Promise.race([pending, late]);
  } catch (err) {
    // The connection may still come: give it straight back to the pool.
    pending.then(
      (client) => client.release(),
      () => {},
    );
    throw whileAllInUse(pool, inUse.count, err);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A wait for a connection that failed (the budget, or the pool's own connection timeout, ran out) while every
 * one of the pool's connections was handed out: the pool is exhausted, whatever the database's health.
 */
function whileAllInUse(pool: pg.Pool, inUse: number, err: unknown): unknown {
  const max = pool.options.max ?? 10;
  if (inUse < max) return err;
  return new DatabaseDeadlineExceeded(`waiting for a connection (all ${max} in use)`, err, true);
}

function wrap(
  client: pg.PoolClient,
  defaultQueryTimeoutMs: number,
  deadline: Deadline | undefined,
): Omit<BudgetedClient, "release"> & { release(destroy?: boolean): Promise<void> } {
  /** Closed on release: its server went away, or a query of it would not end. */
  let lost = false;
  /** A query that ran out of time, being cancelled: nothing else goes to the connection until it has ended. */
  let ending: Promise<void> | undefined;
  /** A rollback asked for while a cancelled query was ending: sent once it has, before the pool gets it back. */
  let rollBack = false;
  // pg-pool listens for errors of idle clients only: a checked-out one whose server goes away would
  // otherwise throw from the socket, uncaught. Its queries fail on their own; it is closed on release.
  const onError = () => {
    lost = true;
  };
  client.on("error", onError);
  const run = async (config: pg.QueryConfig) => {
    const rollback = ROLLBACK.test(config.text);
    if (ending && rollback) {
      // What ends the transaction the budget cut short; the caller need not wait for it.
      rollBack = true;
      return ROLLED_BACK;
    }
    if (ending) throw new DatabaseDeadlineExceeded("before a query");
    // A rollback always runs (with the pool's own timeout), so that the connection leaves the transaction.
    const remaining = rollback || deadline === undefined ? undefined : remainingMs(deadline);
    if (remaining !== undefined && remaining <= 0) throw new DatabaseDeadlineExceeded("before a query");
    // Inside a budget a query gets what is left of it, shorter or longer than the pool's own timeout.
    const timeout = Math.max(1, remaining ?? defaultQueryTimeoutMs);
    const query = send(client, config);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        const cancelled = cancelRunningQuery(client, CANCEL_GRACE_MS);
        ending = endCancelled(query, cancelled);
        // Told apart by the cancel: a server that takes it is reachable and only slow (at most 300 ms to know).
        void cancelled.then((reached) =>
          reject(
            new DatabaseDeadlineExceeded(
              `waiting for a query (timeout ${timeout} ms${reached ? ", cancelled on the server" : ", the server did not take the cancel"})`,
              undefined,
              false,
              reached,
            ),
          ),
        );
      }, timeout);
    });
    try {
      // Once out of time, the query's own failure (the cancel, the connection closed) gives way to the deadline's.
      return await Promise.race([
        query.catch((err: unknown) => (timedOut ? late : Promise.reject(err))),
        late,
      ]);
    } catch (err) {
      // pg's own read timeout, should DATABASE_URL set one (?query_timeout=): the statement may still be running.
      if (err instanceof Error && err.message === "Query read timeout") lost = true;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  /**
   * Settles once the server has the cancel and `query` has ended, or has had CANCEL_GRACE_MS to: a query that
   * does not end then, or a server that did not take the cancel, costs the connection (closed on release).
   */
  const endCancelled = async (query: Promise<unknown>, cancel: Promise<boolean>): Promise<void> => {
    const [ended, reached] = await Promise.all([settlesWithin(query, CANCEL_GRACE_MS), cancel]);
    if (!ended || !reached) lost = true;
  };
  const giveBack = async (destroy: boolean) => {
    await ending;
    if (rollBack && !lost && !destroy)
      await client
        .query({ text: "rollback", query_timeout: defaultQueryTimeoutMs } as pg.QueryConfig)
        .catch(() => {
          lost = true;
        });
    client.off("error", onError);
    client.release(destroy || lost);
  };
  return {
    query: ((textOrConfig: string | pg.QueryConfig, values?: readonly unknown[]) =>
      run(
        typeof textOrConfig === "string" ? { text: textOrConfig, values: values as unknown[] } : textOrConfig,
      )) as BudgetedClient["query"],
    // The caller goes on at once; the pool gets the connection back once a cancelled query has ended.
    release: (destroy) => giveBack(destroy === true),
  };
}

/**
 * pg's query in its callback form, as pg.Pool.query calls it. Its promise form, like its own read timeout
 * (`query_timeout`), kept every result reachable past the next young-generation collection: under load each
 * one was promoted to V8's old space, which was then marked several times a second (docs/operations.md).
 */
function send(client: pg.PoolClient, config: pg.QueryConfig): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    client.query(config, (err: Error, result: pg.QueryResult) => (err ? reject(err) : resolve(result)));
  });
}

/** Whether `work` settles (either way) within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([work.then(settled, settled), late]);
  } finally {
    clearTimeout(timer);
  }
}

const settled = () => true;

const ROLLED_BACK = {
  command: "ROLLBACK",
  rowCount: null,
  oid: 0,
  rows: [],
  fields: [],
} as unknown as pg.QueryResult;
