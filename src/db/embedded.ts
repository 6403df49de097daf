import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Postgres's defaults are sized for a server with many connections; the embedded database has one
 * connection and an organisation's data fits in a few megabytes of buffers. Postgres's shared memory lives
 * inside PGlite's WASM heap and is all touched at start, so every megabyte of it is a megabyte of RSS:
 * shared_buffers' default 128 MB made a restarted bot peak at 344 MB (16 MB: about 200 MB; npm run
 * bench:startup). shared_buffers=8MB, and connection slots for 5 rather than 100 (max_connections sizes the
 * per-backend arrays and the lock table, max_wal_senders more slots), bring the shared memory from 24 MB to
 * 12 MB: under npm run bench:webhooks (npm start's flags, PGlite 0.5.16) the WASM heap's touched pages went
 * from 30 MB to 18 MB and the bot's high-water RSS from 216–225 MB (7 runs) to 204–207 MB (3 runs).
 */
export const EMBEDDED_SETTINGS: readonly string[] = [
  "shared_buffers=8MB",
  "max_connections=5",
  "max_wal_senders=0",
  "wal_buffers=1MB",
  "work_mem=4MB",
  "maintenance_work_mem=16MB",
];

/**
 * An initdb'd and migrated data directory, dumped at build time (npm run build: connect.ts's writeSeed) and
 * loaded on a first start instead of running initdb there: PGlite's initdb peaks at about 840 MB of RSS, so a
 * first start on an empty DATA_DIR could not fit in a 512 MB container; loading the dump peaks near 200 MB.
 * Migrated at build time too, a first start does not spend seconds running every migration; one built before
 * a newer migration still gets it at start, as an existing data directory does. It sits in dist/, next to
 * the compiled code; this module run from its TypeScript source (the tests' in-process CLI and playground)
 * finds it there too, instead of running initdb (8 s of CPU) for every data directory they open.
 */
export const BUILT_SEED_FILE = fileURLToPath(
  new URL(
    import.meta.url.endsWith(".ts") ? "../../dist/embedded-seed.tar.gz" : "../embedded-seed.tar.gz",
    import.meta.url,
  ),
);

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
