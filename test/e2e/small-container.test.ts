// The embedded default in a 512 MB container, as `docker run --memory=512m` gives it: node dist/main.js in a
// memory cgroup limited to 512 MB, first start on an empty DATA_DIR. Before the build prepared the data
// directory, initdb alone took the cgroup to its limit and the kernel killed the bot (exit 137).
// Needs a writable cgroup v1 memory hierarchy (root on Linux); skipped elsewhere.
import { afterAll, describe, expect, it } from "vitest";
import { botEnv, startBotProcess } from "../support/bot-process.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";
import { memoryGroup } from "../support/memory-cgroup.js";

const group = memoryGroup("512m", 512 * 2 ** 20);
const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-512m-");

afterAll(() => group.remove());

describe.runIf(group.available)("the embedded default in a 512 MB memory cgroup", () => {
  it("starts on an empty DATA_DIR, answers, and is never killed for memory", async () => {
    const env = botEnv(slack, scratch.path);
    const bot = await startBotProcess({ cwd: scratch.path, env, wrapper: group.wrapper });
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      expect(group.oomKills()).toBe(0);
      expect(group.maxUsageBytes()).toBeLessThan(group.limitBytes);
    } finally {
      expect(await bot.stop("SIGTERM")).toBe(0);
    }
  });
});
