import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type Dialect, Kysely, type KyselyConfig, PostgresDialect, PostgresDriver, sql } from "kysely";
import pg from "pg";
import type { Logger } from "../logger.js";
import { type BudgetedPool, budgetedPool } from "./budgeted-pool.js";
import { DatabaseDeadlineExceeded, type Deadline, deadlineIn } from "./deadline.js";
import { acquireDirectoryLock } from "./directory-lock.js";
import { BUILT_SEED_FILE, startPglite, startPgliteIn } from "./embedded.js";
import { migrateToLatest } from "./migrate.js";
import { usePreparedStatements } from "./prepared.js";
import type { Database } from "./schema.js";

export type DatabaseKind = "postgres" | "embedded";

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** DATA_DIR value for a throwaway embedded database (tests). */
export const IN_MEMORY = "memory://";

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
  /** Pool size for a real Postgres; the embedded database always has one connection. */
  poolSize?: number;
  /**
   * A data directory dumped by snapshotEmbedded that an in-memory embedded database starts from,
   * instead of running initdb (seconds of CPU): tests open dozens of them.
   */
  seed?: Blob;
  /** Sees every query on a real Postgres (the benchmark counts and times them). */
  log?: KyselyConfig["log"];
}

// The longest any wait for a connection or any query may take. A Slack request's database work has a
// tighter budget of its own, shared by all its queries (deadline.ts, slack/request-budget.ts).
const CONNECT_TIMEOUT_MS = 1_000;
const QUERY_TIMEOUT_MS = 2_000;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  if (options.dataDir === IN_MEMORY)
    return embeddedHandle(await startPglite(IN_MEMORY, options.seed), async () => {});
  return openEmbedded(resolve(options.dataDir), options.logger);
}

function openPostgres(
  connectionString: string,
  { logger, poolSize = 10, log }: DatabaseOptions,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // No query_timeout: the budgeted pool times every query (QUERY_TIMEOUT_MS unless a request's budget).
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the pool reconnects on next use.
  pool.on("error", (err) => logger.warn({ err }, "idle Postgres connection lost"));
  return handle(kyselyOn(budgetedPool(pool, QUERY_TIMEOUT_MS), log), "postgres", async () => {});
}

async function openEmbedded(dataDir: string, logger: Logger): Promise<DatabaseHandle> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDirectoryLock(dataDir);
  try {
    const { pglite, origin } = await startPgliteIn(join(dataDir, "pgdata"));
    if (origin === "initdb")
      logger.info("no prepared data directory in the build (npm run build makes one): ran initdb");
    logger.info({ dataDir }, "using the embedded database (set DATABASE_URL to use Postgres)");
    return await embeddedHandle(pglite, lock.release);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function embeddedHandle(pglite: PGlite, afterClose: () => Promise<void>): Promise<DatabaseHandle> {
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  return handle(kyselyOn(pool), "embedded", async () => {
    await pglite.close();
    await afterClose();
  });
}

export interface SnapshotOptions {
  /** `gzip` for a file kept on disk; none (the default) for one loaded at once. */
  compression?: "none" | "gzip";
  /** A data directory to start from instead of running initdb (seconds of CPU). */
  from?: Blob;
}

/** An in-memory embedded database prepared by `prepare` (e.g. migrated), dumped for `seed` above. */
export async function snapshotEmbedded(
  prepare: (db: Kysely<Database>) => Promise<unknown>,
  { compression = "none", from }: SnapshotOptions = {},
): Promise<Blob> {
  const pglite = await startPglite(IN_MEMORY, from);
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const db = kyselyOn(new pg.Pool({ ...createPgConfig(pglite), max: 1 }));
  try {
    await prepare(db);
    await db.destroy();
    return await pglite.dumpDataDir(compression);
  } finally {
    await pglite.close();
  }
}

/** Writes the data directory a first embedded start loads (BUILT_SEED_FILE): initdb'd and migrated. */
export async function writeSeed(file = BUILT_SEED_FILE): Promise<void> {
  const dump = await snapshotEmbedded(migrateToLatest, { compression: "gzip" });
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}

function kyselyOn(pool: pg.Pool | BudgetedPool, log?: KyselyConfig["log"]): Kysely<Database> {
  // BudgetedPool has the shape of pg's pool that kysely uses (connect, client.query, release, end).
  const dialect = new PostgresDialect({ pool: pool as pg.Pool });
  const db = new Kysely<Database>({ dialect, log });
  usePreparedStatements(db, pool);
  if ("within" in pool) {
    // Each request's database shares the compiler and adapter (a compiler is some 5 kB of bound visitor
    // methods, and compiles one query at a time, synchronously): only the driver is the request's own.
    const shared = { compiler: dialect.createQueryCompiler(), adapter: dialect.createAdapter() };
    const within = (deadline: Deadline): Kysely<Database> => {
      const view = pool.within(deadline);
      const dialectOfView: Dialect = {
        createDriver: () => new PostgresDriver({ pool: view as unknown as pg.Pool }),
        createQueryCompiler: () => shared.compiler,
        createAdapter: () => shared.adapter,
        createIntrospector: (db) => dialect.createIntrospector(db),
      };
      const requestDb = new Kysely<Database>({ dialect: dialectOfView, log });
      usePreparedStatements(requestDb, view);
      budgeted.set(requestDb, within);
      return requestDb;
    };
    budgeted.set(db, within);
  }
  return db;
}

/** How to make a database on a budgeted pool's view with a deadline, for each database openPostgres made. */
const budgeted = new WeakMap<Kysely<Database>, (deadline: Deadline) => Kysely<Database>>();

/**
 * `db` with `budgetMs` from now for all the database work done through it: every wait for a connection and
 * every query, together (deadline.ts). A database of its own per request: a few µs, on the same pool. The
 * embedded database (one connection, in the process) has no budget: `db` itself.
 */
export function withinBudget(db: Kysely<Database>, budgetMs: number): Kysely<Database> {
  const within = budgeted.get(db);
  return within ? within(deadlineIn(budgetMs)) : db;
}

function handle(db: Kysely<Database>, kind: DatabaseKind, afterDestroy: () => Promise<void>): DatabaseHandle {
  return {
    db,
    kind,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
      await afterDestroy();
    },
  };
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
const UNAVAILABLE_MESSAGES = /timeout exceeded|Connection terminated|connection timeout|Query read timeout/i;

/** True for failures that mean "the database cannot be reached right now", as opposed to a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DatabaseDeadlineExceeded) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    // SQLSTATE class 08 is connection exceptions; 57P0x are shutdown/starting-up states.
    if (UNAVAILABLE_CODES.has(code) || code.startsWith("08") || /^57P0[1-4]$/.test(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return UNAVAILABLE_MESSAGES.test(error.message);
}
