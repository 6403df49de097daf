// The pg pool as kysely and the prepared statements see it, with each request's deadline (deadline.ts)
// applied to the wait for a connection and to every query. A query that runs out of time leaves its
// statement running on the server, so its connection is closed rather than handed to the next request,
// which would otherwise wait behind it.
import type pg from "pg";
import { DatabaseDeadlineExceeded, remainingBudgetMs } from "./deadline.js";

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
}

export function budgetedPool(pool: pg.Pool, defaultQueryTimeoutMs: number): BudgetedPool {
  const connect = async (): Promise<BudgetedClient> => wrap(await acquire(pool), defaultQueryTimeoutMs);
  return {
    connect,
    query: async (config) => {
      const client = await connect();
      try {
        return await client.query(config);
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

async function acquire(pool: pg.Pool): Promise<pg.PoolClient> {
  const remaining = remainingBudgetMs();
  if (remaining === undefined) return pool.connect();
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
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function wrap(client: pg.PoolClient, defaultQueryTimeoutMs: number): BudgetedClient {
  let stuck = false;
  // pg-pool listens for errors of idle clients only: a checked-out one whose server goes away would
  // otherwise throw from the socket, uncaught. Its queries fail on their own; it is closed on release.
  const onError = () => {
    stuck = true;
  };
  client.on("error", onError);
  const run = async (config: pg.QueryConfig) => {
    const remaining = remainingBudgetMs();
    if (remaining !== undefined && remaining <= 0) throw new DatabaseDeadlineExceeded("before a query");
    // Inside a budget a query gets what is left of it, shorter or longer than the pool's own timeout.
    const timeout = Math.max(1, remaining ?? defaultQueryTimeoutMs);
    try {
      return await client.query({ ...config, query_timeout: timeout } as pg.QueryConfig);
    } catch (err) {
      if (err instanceof Error && err.message === "Query read timeout") stuck = true;
      throw err;
    }
  };
  return {
    query: ((textOrConfig: string | pg.QueryConfig, values?: readonly unknown[]) =>
      run(
        typeof textOrConfig === "string" ? { text: textOrConfig, values: values as unknown[] } : textOrConfig,
      )) as BudgetedClient["query"],
    release: (destroy) => {
      client.off("error", onError);
      client.release(destroy === true || stuck);
    },
  };
}
