import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator } from "kysely";
import { type Dropped, rehearseDown } from "./migration-rehearsal.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema, by design (frozen, typed loosely)
type AnyDb = Kysely<any>;

/** The repository's migrations/ folder, found upwards from this file: src/, dist/ and bench builds alike. */
export function migrationsDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  const candidate = path.join(from, "migrations");
  if (existsSync(path.join(from, "package.json")) && existsSync(candidate)) return candidate;
  const parent = path.dirname(from);
  if (parent === from) throw new Error("Could not find the migrations/ folder next to package.json");
  return migrationsDir(parent);
}

export function createMigrator(db: AnyDb): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsDir() }),
  });
}

export class MigrationError extends Error {
  constructor(result: MigrationResultSet) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    super(`Migration ${failed} failed: ${reason}`, { cause: result.error });
    this.name = "MigrationError";
  }
}

export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return applied(await createMigrator(db).migrateToLatest());
}

/** Reverting the last migration would drop data, and --force was not given: nothing was changed. */
export class DataLossRefused extends Error {
  constructor(
    readonly migration: string,
    readonly dropped: Dropped[],
  ) {
    super(
      [
        `Reverting ${migration} would drop data:`,
        ...dropped.map((d) => `  - ${describeDropped(d)}`),
        "Nothing was changed. Back up the database, then run `npm run mlops -- migrate --down --force` to revert it anyway.",
      ].join("\n"),
    );
    this.name = "DataLossRefused";
  }
}

/**
 * Reverts the most recent migration. One whose `down` would drop rows (tables, or columns holding values)
 * is refused unless `force` is set; what it dropped is listed after its name either way.
 */
export async function migrateDown(db: AnyDb, { force = false } = {}): Promise<string[]> {
  const migrator = createMigrator(db);
  const last = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).at(-1);
  if (!last) return [];
  const dropped = await rehearseDown(db, last.migration);
  if (!force && dropped.some((d) => d.rows > 0)) throw new DataLossRefused(last.name, dropped);
  return [...applied(await migrator.migrateDown()), ...dropped.map((d) => `  dropped ${describeDropped(d)}`)];
}

function describeDropped({ table, column, rows }: Dropped): string {
  const what = column === undefined ? `table ${table}` : `column ${table}.${column}`;
  const count = column === undefined ? plural(rows, "row") : plural(rows, "value");
  return `${what} (${count})`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
}

function applied(result: MigrationResultSet): string[] {
  if (result.error) throw new MigrationError(result);
  return (result.results ?? []).map(
    (r) => `${r.direction === "Up" ? "applied" : "reverted"} ${r.migrationName}`,
  );
}
