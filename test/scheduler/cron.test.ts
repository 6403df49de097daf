import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/schema.js";
import { createDeps, type Deps } from "../../src/deps.js";
import { startScheduler } from "../../src/scheduler/cron.js";
import { useBot } from "../support/fixture.js";
import { capturingLogger } from "../support/logger.js";

const EVERY_SECOND = "* * * * * *";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deps(logger = capturingLogger().logger): Deps {
  const config = loadConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1", LOG_LEVEL: "silent" });
  // The runner under test never touches the database.
  return createDeps(
    config,
    { db: {} as Kysely<Database>, logger },
    { clock: () => new Date("2026-03-23T10:00:00Z") },
  );
}

async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

describe("startScheduler", () => {
  it("ticks with the clock's time, never two at once", async () => {
    let running = 0;
    let most = 0;
    const seen: Date[] = [];
    const scheduler = startScheduler(deps(), {
      expression: EVERY_SECOND,
      run: async (now) => {
        seen.push(now);
        running++;
        most = Math.max(most, running);
        await sleep(1_300);
        running--;
      },
    });
    await until(() => seen.length >= 2, 8_000);
    await scheduler.stop();
    expect(most).toBe(1);
    expect(seen[0]).toEqual(new Date("2026-03-23T10:00:00Z"));
  });

  it("stop() waits for the tick in flight, tells it to stop posting, and starts no more", async () => {
    let started = 0;
    let finished = false;
    let aborted = false;
    const scheduler = startScheduler(deps(), {
      expression: EVERY_SECOND,
      run: async (_now, signal) => {
        started++;
        await sleep(300);
        aborted = signal.aborted;
        await sleep(300);
        finished = true;
      },
    });
    await until(() => started === 1);
    await scheduler.stop();
    expect(finished).toBe(true);
    expect(aborted).toBe(true);
    await sleep(1_500);
    expect(started).toBe(1);
  });

  it("logs a failed tick and keeps ticking", async () => {
    const { logger, lines } = capturingLogger("error");
    let calls = 0;
    const scheduler = startScheduler(deps(logger), {
      expression: EVERY_SECOND,
      run: async () => {
        calls++;
        throw new Error("database unavailable");
      },
    });
    await until(() => calls >= 2);
    await scheduler.stop();
    expect(lines().some((l) => l.msg === "tick failed; the next one starts over")).toBe(true);
  });
});

describe("the bot's scheduler", () => {
  const log = capturingLogger("info");
  const bot = useBot({ logger: log.logger, scheduler: true });

  it("starts with the bot and is stopped first when the bot stops", async () => {
    // Bolt checks its token with auth.test in the background; let that finish before Slack goes away.
    await bot.slack.waitFor(() => bot.slack.callsTo("auth.test").length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await bot.bot.stop();
    const messages = log.lines().map((l) => l.msg);
    expect(messages).toContain("scheduler started: ticking every minute");
  });
});
