import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { type DatabaseHandle, IN_MEMORY, openDatabase } from "../../src/db/connect.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import { silentLogger } from "./logger.js";

// What test/global-setup.ts provides, typed where it is read (the benchmark compiles this file too).
declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated embedded data directory (PGlite dump) every test database starts from. */
    embeddedTemplate: string;
    /** A migrated database on the real server that every test database is copied from. */
    postgresTemplate: string;
  }
}

/** The real Postgres the suite runs against, when one is configured; otherwise the embedded default. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
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
  if (!TEST_DATABASE_URL) {
    const seed = await embeddedTemplate();
    const handle = await openDatabase({
      databaseUrl: undefined,
      dataDir: IN_MEMORY,
      logger: silentLogger(),
      seed,
    });
    await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
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

let template: Promise<Blob | undefined> | undefined;

/** The migrated data directory the run's global setup dumped; read once per worker. */
function embeddedTemplate(): Promise<Blob | undefined> {
  const file = inject("embeddedTemplate");
  template ??= file ? readFile(file).then((bytes) => new Blob([bytes])) : Promise.resolve(undefined);
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
