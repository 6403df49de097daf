import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is already in use by process ${pid}. ` +
        "The embedded database belongs to one process: stop that process first, " +
        "or set DATABASE_URL to use Postgres for more than one process (replicas, `npm run mlops -- tick`).",
    );
    this.name = "DataDirectoryInUseError";
  }
}

export interface DirectoryLock {
  release(): Promise<void>;
}

/** PGlite does not lock its data directory, and two writers would corrupt it; this lock file does. */
export async function acquireDirectoryLock(dataDir: string): Promise<DirectoryLock> {
  const path = join(dataDir, "bot.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, "wx");
      await file.writeFile(String(process.pid));
      await file.close();
      return { release: () => unlink(path).catch(() => {}) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && isAlive(owner)) throw new DataDirectoryInUseError(dataDir, owner);
      await unlink(path).catch(() => {}); // left behind by a process that died: take it over
    }
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps creating ${path}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
