import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { snapshotEmbedded } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { createTemplateDatabase, dropTemplateDatabase, TEST_DATABASE_URL } from "./support/database.js";

/** What `npm run build` (buildOnce below) leaves for a first embedded start: initdb'd and migrated. */
const BUILT_SEED = join(import.meta.dirname, "../dist/embedded-seed.tar.gz");

/**
 * Once per run: build the bot, and migrate one database that each test file's database is copied from,
 * so no file pays for initdb (seconds on the embedded database) or for running every migration.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildOnce();
  console.log(databaseLine());
  if (TEST_DATABASE_URL) {
    const name = await createTemplateDatabase();
    project.provide("postgresTemplate", name);
    project.provide("embeddedTemplate", "");
    return () => dropTemplateDatabase(name);
  }
  project.provide("postgresTemplate", "");
  // The build's seed is that database already (writeSeed migrates it): each worker loads it as it is, and
  // migrates what a seed older than the migrations lacks. Copying it into a template of its own here cost
  // 4-5 s before any test could start.
  if (existsSync(BUILT_SEED)) {
    project.provide("embeddedTemplate", BUILT_SEED);
    return async () => {};
  }
  // No seed (the build could not make one): initdb once here, seconds of CPU while every worker waits.
  const folder = mkdtempSync(join(tmpdir(), "mlops-test-template-"));
  const file = join(folder, "migrated.tar");
  const dump = await snapshotEmbedded(migrateToLatest);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("embeddedTemplate", file);
  return async () => rmSync(folder, { recursive: true, force: true });
}

/**
 * Process-level tests run the built bot (`node dist/main.js`), exactly what `npm start` and Docker run,
 * built by the same script (scripts/build.mjs: tsc when a source changed, and the embedded seed).
 * Type errors still emit JavaScript; `npm run check` is where they fail the build.
 */
function buildOnce(): void {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8" });
  if (result.status !== 0) console.warn(`the build reported problems (see npm run check):\n${result.stdout}`);
}

/** Which database this run uses, said once at its start (a password in the URL is left out). */
function databaseLine(): string {
  if (!TEST_DATABASE_URL)
    return "Tests run on the embedded database (PGlite); set TEST_DATABASE_URL to run them on a Postgres server.";
  const url = new URL(TEST_DATABASE_URL);
  return `Tests run on Postgres at ${url.host} (TEST_DATABASE_URL): each file gets a database of its own there.`;
}
