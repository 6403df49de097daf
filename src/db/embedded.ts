import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Postgres's defaults are sized for a server with many connections; the embedded database has one
 * connection and an organisation's data fits in a few megabytes of buffers. shared_buffers is the one that
 * matters: its default 128 MB is allocated inside the WASM heap, so lowering it to 16 MB cuts a restarted
 * bot's peak from 344 MB to about 200 MB (measured with PGlite 0.5.16; npm run bench:startup).
 */
export const EMBEDDED_SETTINGS: readonly string[] = [
  "shared_buffers=16MB",
  "wal_buffers=1MB",
  "work_mem=4MB",
  "maintenance_work_mem=16MB",
];

/**
 * An initdb'd, empty data directory, dumped at build time (npm run build) and loaded on a first start instead
 * of running initdb there: PGlite's initdb peaks at about 840 MB of RSS, so a first start on an empty
 * DATA_DIR could not fit in a 512 MB container; loading the dump peaks near 200 MB.
 */
export const BUILT_SEED_FILE = fileURLToPath(new URL("../embedded-seed.tar.gz", import.meta.url));

export interface EmbeddedStart {
  pglite: PGlite;
  /** How the data directory came to be: it was there, a seed was loaded, or initdb ran. */
  origin: "existing" | "seed" | "initdb";
}

/** Opens PGlite at `location` (a folder or memory://), starting a new one from `seed` when given. */
export async function startPglite(location: string, seed?: Blob): Promise<PGlite> {
  // Loaded lazily: the WASM build is only needed when no DATABASE_URL is set.
  const { PGlite } = await import("@electric-sql/pglite");
  const settings = { postgresqlconf: [...EMBEDDED_SETTINGS] };
  return PGlite.create(location, seed ? { ...settings, loadDataDir: seed } : settings);
}

/** Opens the data directory in `folder`, from the build's seed when it is new and the seed exists. */
export async function startPgliteIn(folder: string, seedFile = BUILT_SEED_FILE): Promise<EmbeddedStart> {
  if (existsSync(join(folder, "PG_VERSION")))
    return { pglite: await startPglite(folder), origin: "existing" };
  if (!existsSync(seedFile)) return { pglite: await startPglite(folder), origin: "initdb" };
  const seed = new Blob([await readFile(seedFile)]);
  return { pglite: await startPglite(folder, seed), origin: "seed" };
}

/** Runs initdb once, in memory, and writes the empty data directory to `file` for startPgliteIn. */
export async function writeSeed(file = BUILT_SEED_FILE): Promise<void> {
  const pglite = await startPglite("memory://");
  try {
    const dump = await pglite.dumpDataDir("gzip");
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}
