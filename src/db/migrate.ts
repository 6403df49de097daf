import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator } from "kysely";

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

export async function migrateDown(db: AnyDb): Promise<string[]> {
  return applied(await createMigrator(db).migrateDown());
}

function applied(result: MigrationResultSet): string[] {
  if (result.error) throw new MigrationError(result);
  return (result.results ?? []).map(
    (r) => `${r.direction === "Up" ? "applied" : "reverted"} ${r.migrationName}`,
  );
}
