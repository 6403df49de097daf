// The bot as the Docker image runs it: node as PID 1 of its own PID namespace, on the embedded database.
// After a crash (kill -9) the lock file still names process 1, and the next PID 1 must start anyway; while
// one runs, a second process on the same data is still refused. Needs `unshare` (root on Linux).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BotProcess, botEnv, runBotToExit, startBotProcess } from "../support/bot-process.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";

// --kill-child only matters if the test dies first: node inside must not outlive it.
const AS_PID_1 = ["unshare", "-p", "-f", "--kill-child", "--mount-proc"];
const canUnshare =
  process.platform === "linux" && spawnSync(AS_PID_1[0] ?? "", [...AS_PID_1.slice(1), "true"]).status === 0;

const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-pid1-");

const env = () => botEnv(slack, scratch.path);
/** The pid bot.lock names (this version writes JSON; earlier ones wrote the bare pid). */
function lockedBy(): number {
  const owner = JSON.parse(readFileSync(join(scratch.path, "data", "bot.lock"), "utf8")) as
    | number
    | { pid: number };
  return typeof owner === "number" ? owner : owner.pid;
}

/** The node process unshare forked (PID 1 inside, some other pid out here). */
function nodeInside(bot: BotProcess): number {
  const parent = bot.child.pid;
  for (const entry of readdirSync("/proc")) {
    const stat = /^\d+$/.test(entry) ? readFileSync(`/proc/${entry}/stat`, "utf8") : "";
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === parent) return Number(entry);
  }
  throw new Error("no child of unshare found");
}

/** Signals node inside the namespace; resolves to unshare's exit code, which is node's. */
async function signalInside(bot: BotProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((done) =>
    bot.child.once("exit", (code, sig) => done(code ?? (sig ? 128 : null))),
  );
  process.kill(nodeInside(bot), signal);
  return exited;
}

describe.runIf(canUnshare)("node dist/main.js as PID 1 (unshare -p -f --mount-proc), as in Docker", () => {
  it("starts again the same way after kill -9, and still refuses a second process while it runs", async () => {
    const first = await startBotProcess({ cwd: scratch.path, env: env(), wrapper: AS_PID_1 });
    expect(lockedBy()).toBe(1);
    await signalInside(first, "SIGKILL");
    expect(lockedBy()).toBe(1); // the crash left the lock behind

    const again = await startBotProcess({ cwd: scratch.path, env: env(), wrapper: AS_PID_1 });
    try {
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
      expect(lockedBy()).toBe(1);
      for (const wrapper of [[], AS_PID_1]) {
        const second = await runBotToExit({ cwd: scratch.path, env: env(), wrapper });
        expect(second.code).toBe(1);
        expect(second.stderr).toContain("is already in use by process 1");
      }
    } finally {
      expect(await signalInside(again, "SIGTERM")).toBe(0);
    }
    expect((await readdir(join(scratch.path, "data"))).filter((f) => f.startsWith("bot.lock"))).toEqual([]);
  }, 120_000);
});
