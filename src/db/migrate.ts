import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, type MigrationResultSet, Migrator } from "kysely";

// Resolved from this file so it works from src/ (tests) and dist/ (production) alike.
// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema, by design (frozen, typed loosely)
type AnyDb = Kysely<any>;

const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

export function createMigrator(db: AnyDb): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsDir() }),
  });
}

export class MigrationError extends Error {
  constructor(result: MigrationResultSet) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    super(
      `Migration ${failed} failed: ${String((result.error as Error | undefined)?.message ?? result.error)}`,
      {
        cause: result.error,
      },
    );
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
