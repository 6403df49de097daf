import type { Kysely } from "kysely";
import { getTasks } from "node-cron";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/schema.js";
import { createDeps, type Deps } from "../../src/deps.js";
import { startScheduler } from "../../src/scheduler/cron.js";
import { useBot } from "../support/fixture.js";
import { capturingLogger } from "../support/logger.js";
import { deliveryRow, posts } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";

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

// node-cron's every-second schedule on vitest's fake clock: seconds of cron time pass in microseconds.
describe("startScheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-03-23T09:59:59.500Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

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
    // Five seconds of cron time: a tick lasting 1.3 s overlaps the next second's, which must not start.
    await vi.advanceTimersByTimeAsync(5_000);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(1_300);
    await stopping;
    expect(seen.length).toBeGreaterThanOrEqual(2);
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
    await vi.advanceTimersByTimeAsync(600);
    expect(started).toBe(1);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(600);
    await stopping;
    expect(finished).toBe(true);
    expect(aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000);
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
    await vi.advanceTimersByTimeAsync(2_600);
    await scheduler.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(lines().some((l) => l.msg === "tick failed; the next one starts over")).toBe(true);
  });
});

describe("the bot's scheduler", () => {
  const log = capturingLogger("info");
  let mlTeamId = 0;
  const bot = useBot({
    logger: log.logger,
    scheduler: true,
    // Monday 10:00 UTC: the team's check-in prompt is due.
    clock: () => new Date("2026-03-23T10:00:00Z"),
    setup: async ({ db }) => {
      mlTeamId = await seedTeam(db, {
        channelId: "CTEAM",
        createdAt: "2026-03-20T08:00:00Z",
        respondents: ["UALICE"],
      });
    },
  });
  const tickTask = () => [...getTasks().values()].find((t) => t.name === "mlops-tick");

  it("starts with the bot and is stopped first when the bot stops: a tick in flight ends while the bot still serves", async () => {
    expect(log.lines().map((l) => l.msg)).toContain("scheduler started: ticking every minute");
    // Slack takes 1.5 s to answer the prompt's post: the tick is still in flight when the bot is told to stop.
    bot.slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 1_500 : undefined));
    void tickTask()?.execute();
    await bot.slack.waitFor(() => posts(bot.slack, "CTEAM").length === 1, 10_000);
    const stopping = bot.bot.stop();
    // The scheduler stops (waiting for its tick) before Slack's side does: requests are still answered meanwhile.
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    await stopping;
    // The tick finished and recorded its post before the bot's stop() returned, and no tick can start again.
    expect(await deliveryRow(bot.db, `prompt:${mlTeamId}:2026-03-23`)).toMatchObject({ status: "sent" });
    expect(tickTask()).toBeUndefined();
    await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
  });
});
