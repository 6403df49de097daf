import { randomBytes } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type LivenessSocket, listenForLiveness, probe, removeSocket } from "./lock-socket.js";
import { currentProcess, isRunning, type ProcessIdentity } from "./process-identity.js";

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

/** What bot.lock says: who owns the folder, and the socket that proves it while they live. */
interface LockOwner extends ProcessIdentity {
  readonly socket: string | undefined;
}

/**
 * PGlite does not lock its data directory, and two writers would corrupt it; this lock does, and dies with
 * its process however it dies. The owner listens on a Unix socket named in bot.lock (lock-socket.ts):
 * a connection that is refused proves the owner dead, even when the next process has the same pid, as
 * PID 1 in a container always does. Where no socket can be made, the pid, its start time and the boot
 * (process-identity.ts) decide instead.
 */
export async function acquireDirectoryLock(dataDir: string): Promise<DirectoryLock> {
  const path = join(dataDir, "bot.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    const socket = await listenForLiveness(dataDir);
    const mine = JSON.stringify({ ...currentProcess(), socket: socket?.name });
    try {
      await createWhole(path, mine);
      return { release: () => release(path, mine, socket) };
    } catch (err) {
      await socket?.close();
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const held = await readFile(path, "utf8").catch(() => "");
    const owner = ownerIn(held);
    if (owner && (await isAlive(dataDir, owner))) throw new DataDirectoryInUseError(dataDir, owner.pid);
    // Left behind by a process that died: take it over.
    if (owner?.socket) await removeSocket(dataDir, owner.socket);
    await removeIfStill(path, held);
  }
  throw new Error(`Could not lock ${dataDir}: another process keeps creating ${join(dataDir, "bot.lock")}`);
}

async function isAlive(dataDir: string, owner: LockOwner): Promise<boolean> {
  const answer = owner.socket ? await probe(dataDir, owner.socket) : "unknown";
  return answer === "unknown" ? isRunning(owner) : answer === "alive";
}

/**
 * Creates `path` holding `content`, or fails with EEXIST. The lock appears whole (a hard link to a file
 * already written), so no process can ever read a half-written one and take it for a dead owner's.
 */
async function createWhole(path: string, content: string): Promise<void> {
  const draft = `${path}.${randomBytes(6).toString("hex")}.draft`;
  await writeFile(draft, content);
  try {
    await link(draft, path);
  } finally {
    await unlink(draft).catch(() => {});
  }
}

/** The owner a lock file names; undefined for one that names nobody who could still be running. */
function ownerIn(text: string): LockOwner | undefined {
  if (/^\s*\d+\s*$/.test(text)) {
    // An earlier version wrote only a pid. If it is ours, that writer is gone: we have not written it yet.
    const pid = Number(text);
    return pid === process.pid
      ? undefined
      : { pid, startTime: undefined, bootId: undefined, socket: undefined };
  }
  try {
    const owner = JSON.parse(text) as Partial<Record<keyof LockOwner, unknown>>;
    if (typeof owner.pid !== "number" || !Number.isInteger(owner.pid)) return undefined;
    return {
      pid: owner.pid,
      startTime: asText(owner.startTime),
      bootId: asText(owner.bootId),
      socket: asText(owner.socket),
    };
  } catch {
    return undefined; // not a lock this bot wrote: no owner can be proven
  }
}

function asText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function release(path: string, content: string, socket: LivenessSocket | undefined): Promise<void> {
  await removeIfStill(path, content);
  await socket?.close();
}

/** Removes the lock only while it still says `content`: never another process's newer lock. */
async function removeIfStill(path: string, content: string): Promise<void> {
  const now = await readFile(path, "utf8").catch(() => undefined);
  if (now === content) await unlink(path).catch(() => {});
}
