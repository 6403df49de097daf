// The embedded database's lock, held by real processes: it refuses a second owner while the first lives and
// dies with its owner however it dies, even when the next process has the same pid (PID 1 in a container).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDirectoryLock, DataDirectoryInUseError } from "../../src/db/directory-lock.js";
import { currentProcess } from "../../src/db/process-identity.js";

const LOCK_MODULE = resolve("dist/db/directory-lock.js");
let root: string;
let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  root ??= await mkdtemp(join(tmpdir(), "mlops-lock-"));
  dir = await mkdtemp(join(root, "d"));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Another process that takes the lock on `folder` and keeps it until killed. */
async function ownerProcess(folder: string): Promise<ChildProcess> {
  const script = `const m = await import(${JSON.stringify(LOCK_MODULE)});
    await m.acquireDirectoryLock(${JSON.stringify(folder)}); console.log("locked"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script]);
  children.push(child);
  await new Promise<void>((ready, fail) => {
    child.stdout.on("data", (d) => String(d).includes("locked") && ready());
    child.once("exit", (code) => fail(new Error(`lock owner exited with ${code}`)));
  });
  return child;
}

async function killed(child: ChildProcess): Promise<void> {
  await new Promise((done) => {
    child.once("exit", done);
    child.kill("SIGKILL");
  });
}

async function refusal(folder: string): Promise<DataDirectoryInUseError> {
  const error = await acquireDirectoryLock(folder).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof DataDirectoryInUseError))
    throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const writeLock = (owner: object | string) =>
  writeFile(join(dir, "bot.lock"), typeof owner === "string" ? owner : JSON.stringify(owner));

describe("the embedded database's lock", () => {
  it("refuses a second process while the first lives, naming its pid", async () => {
    const owner = await ownerProcess(dir);
    expect((await refusal(dir)).message).toContain(`already in use by process ${owner.pid}`);
  });

  it("is taken over once its owner is killed with SIGKILL, which leaves the lock file behind", async () => {
    await killed(await ownerProcess(dir));
    expect(await readdir(dir)).toContain("bot.lock");
    const lock = await acquireDirectoryLock(dir);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses the same process twice", async () => {
    const lock = await acquireDirectoryLock(dir);
    expect((await refusal(dir)).message).toContain(`by process ${process.pid}`);
    await lock.release();
    await (await acquireDirectoryLock(dir)).release();
  });

  it("leaves alone a lock that another process took over in the meantime", async () => {
    const lock = await acquireDirectoryLock(dir);
    await writeLock("someone else's");
    await lock.release();
    expect(await readFile(join(dir, "bot.lock"), "utf8")).toBe("someone else's");
  });

  it("falls back on pid, start time and boot where the folder's path is too long for a socket", async () => {
    const deep = join(dir, "x".repeat(100));
    await mkdir(deep);
    const owner = await ownerProcess(deep);
    expect(JSON.parse(await readFile(join(deep, "bot.lock"), "utf8"))).not.toHaveProperty("socket");
    expect((await refusal(deep)).message).toContain(`by process ${owner.pid}`);
    await killed(owner);
    await (await acquireDirectoryLock(deep)).release();
  });
});

describe.runIf(process.platform === "linux")(
  "a lock file without a live socket, judged by who wrote it",
  () => {
    const me = () => currentProcess();

    it("is taken over when it names our own pid but another start: a crashed PID 1 before us", async () => {
      await writeLock({ ...me(), startTime: "1", socket: "bot.lock.0123456789ab.sock" });
      await (await acquireDirectoryLock(dir)).release();
    });

    it("is taken over when it was written before the machine last booted", async () => {
      await writeLock({ ...me(), bootId: "00000000-0000-0000-0000-000000000000" });
      await (await acquireDirectoryLock(dir)).release();
    });

    it("is refused when pid, start and boot are those of a running process", async () => {
      await writeLock(me());
      expect((await refusal(dir)).message).toContain(`by process ${process.pid}`);
    });

    it("in an earlier version's format (a bare pid) is taken over when the pid is ours, refused when it runs", async () => {
      await writeLock(String(process.pid));
      await (await acquireDirectoryLock(dir)).release();
      await writeLock(String(process.ppid));
      expect((await refusal(dir)).message).toContain(`by process ${process.ppid}`);
    });
  },
);
