import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, IN_MEMORY, openDatabase } from "../../src/db/connect.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import { silentLogger } from "./logger.js";
import { resetTables } from "./seed.js";

// What test/global-setup.ts provides, typed where it is read (the benchmark compiles this file too).
declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated embedded data directory (PGlite dump) every test database starts from. */
    embeddedTemplate: string;
    /** A migrated database on the real server that every test database is copied from. */
    postgresTemplate: string;
  }
}

/**
 * The real Postgres the suite runs against, when one is configured; otherwise the embedded default. Never
 * DATABASE_URL: that is the bot's own database, and the suite creates and drops databases on its server.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const DATABASE_KIND = TEST_DATABASE_URL ? "postgres" : "embedded";

/**
 * A migrated, empty database of its own for one test file: a fresh database on the real server,
 * or a fresh embedded one in memory.
 */
export interface TestDatabase extends DatabaseHandle {
  /** The connection URL of this database on the real server; undefined for the embedded one. */
  readonly url: string | undefined;
}

export interface TestDatabaseOptions {
  /** Connections in the pool on a real Postgres (the embedded database always has one). */
  poolSize?: number;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) return lease(idleEmbedded.pop() ?? (await openEmbeddedTestDatabase()));
  const name = `mlops_test_${randomBytes(6).toString("hex")}`;
  const template = inject("postgresTemplate");
  await withAdmin((admin) =>
    template
      ? sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin)
      : sql`create database ${sql.id(name)}`.execute(admin),
  );
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: "",
    logger: silentLogger(),
    poolSize: options.poolSize,
  });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await withAdmin((admin) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin));
    },
  };
}

/**
 * Embedded databases a worker keeps between its files. Loading the migrated template costs 0.6–0.9 s of CPU
 * (PGlite unpacks a 40 MB data directory); emptying the tables of a database whose file is done costs a few
 * milliseconds. A file that changed the schema (a migration's `down`) leaves its database closed instead.
 */
const idleEmbedded: DatabaseHandle[] = [];
const IDLE_EMBEDDED_KEPT = 2;
/** The fingerprint of the first database this worker opened, straight from the template. */
let migratedSchema: Promise<string> | undefined;

async function openEmbeddedTestDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    databaseUrl: undefined,
    dataDir: IN_MEMORY,
    logger: silentLogger(),
    seed: await embeddedTemplate(),
  });
  await migrateToLatest(handle.db);
  migratedSchema ??= schemaFingerprint(handle.db);
  await migratedSchema;
  return handle;
}

/** The file's use of `handle`: its close() empties the tables and keeps the database for the next file. */
function lease(handle: DatabaseHandle): TestDatabase {
  let released: Promise<void> | undefined;
  const release = async () => {
    const reusable = idleEmbedded.length < IDLE_EMBEDDED_KEPT && (await schemaUnchanged(handle.db));
    if (!reusable) return handle.close();
    await resetTables(handle.db);
    idleEmbedded.push(handle);
  };
  return { ...handle, url: undefined, close: () => (released ??= release()) };
}

/** Whether the schema is still the migrated template's: tables, columns, indexes, constraints, triggers. */
async function schemaUnchanged(db: Kysely<Database>): Promise<boolean> {
  try {
    return (await schemaFingerprint(db)) === (await migratedSchema);
  } catch {
    return false; // closed, or broken by its file: not worth keeping
  }
}

async function schemaFingerprint(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ fingerprint: string }>`
    select md5(string_agg(item, ',' order by item)) as fingerprint from (
      select concat_ws(':', table_name, column_name, data_type, is_nullable, column_default) as item
        from information_schema.columns where table_schema = 'public'
      union all select indexdef from pg_indexes where schemaname = 'public'
      union all select pg_get_constraintdef(oid) || conname from pg_constraint
        where connamespace = 'public'::regnamespace
      union all select tgname from pg_trigger where not tgisinternal
      union all select proname from pg_proc where pronamespace = 'public'::regnamespace
    ) schema`.execute(db);
  return rows[0]?.fingerprint ?? "";
}

let template: Promise<Blob | undefined> | undefined;

/** The migrated data directory the run's global setup names (the build's seed); read once per worker. */
function embeddedTemplate(): Promise<Blob | undefined> {
  const file = inject("embeddedTemplate");
  // The build's seed is gzipped; PGlite reads the type rather than trying it as a plain tar first.
  const type = file.endsWith(".gz") ? "application/gzip" : "application/x-tar";
  template ??= file
    ? readFile(file).then((bytes) => new Blob([bytes], { type }))
    : Promise.resolve(undefined);
  return template;
}

/** A migrated database on the real server for the run (global setup), copied for each test database. */
export async function createTemplateDatabase(): Promise<string> {
  const name = `mlops_template_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => sql`create database ${sql.id(name)}`.execute(admin));
  const url = new URL(TEST_DATABASE_URL ?? "");
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: "", logger: silentLogger() });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close(); // a template must have no connections while it is copied
  }
  return name;
}

export async function dropTemplateDatabase(name: string): Promise<void> {
  await withAdmin((admin) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin));
}

async function withAdmin<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const admin = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 }) }),
  });
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}
