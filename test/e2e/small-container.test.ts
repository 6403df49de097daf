// The embedded default in a 512 MB container, as `docker run --memory=512m` gives it: node dist/main.js in a
// memory cgroup limited to 512 MB, first start on an empty DATA_DIR. Before the build prepared the data
// directory, initdb alone took the cgroup to its limit and the kernel killed the bot (exit 137).
// Needs a writable cgroup v1 memory hierarchy (root on Linux); skipped elsewhere.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { botEnv, startBotProcess } from "../support/bot-process.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";
import { freePort } from "../support/ports.js";

const MEMORY = "/sys/fs/cgroup/memory";
const GROUP = join(MEMORY, `mlops-test-${process.pid}`);
const LIMIT = 512 * 2 ** 20;

function makeGroup(): boolean {
  try {
    mkdirSync(GROUP);
    writeFileSync(join(GROUP, "memory.limit_in_bytes"), String(LIMIT));
    return true;
  } catch {
    return false;
  }
}
const canLimit = existsSync(join(MEMORY, "cgroup.procs")) && makeGroup();
// The shell joins the group, then becomes node: everything node allocates counts against the limit.
const IN_GROUP = ["sh", "-c", `echo $$ > ${join(GROUP, "cgroup.procs")} && exec "$0" "$@"`];

const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-512m-");
const read = (file: string) => readFileSync(join(GROUP, file), "utf8");

afterAll(() => {
  if (canLimit) rmdirSync(GROUP);
});

describe.runIf(canLimit)("the embedded default in a 512 MB memory cgroup", () => {
  it("starts on an empty DATA_DIR, answers, and is never killed for memory", async () => {
    const env = botEnv(slack, scratch.path, await freePort());
    const bot = await startBotProcess({ cwd: scratch.path, env, wrapper: IN_GROUP });
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      expect(read("memory.oom_control")).toMatch(/^oom_kill 0$/m);
      expect(Number(read("memory.max_usage_in_bytes"))).toBeLessThan(LIMIT);
    } finally {
      expect(await bot.stop("SIGTERM")).toBe(0);
    }
  });
});
