// One tick(deps, now) in a process of its own, on a Kysely that logs every query: its wall time,
// database time, query count and mix, and peak RSS go back to the parent.
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/connect.js";
import { createDeps } from "../src/deps.js";
import { createLogger } from "../src/logger.js";
import { ChannelPacer } from "../src/scheduler/pacer.js";
import { tick } from "../src/scheduler/tick.js";
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, TICK_CONCURRENCY } from "./apps.js";
import { runTask } from "./child-main.js";
import { QueryLog, type QueryShape } from "./query-log.js";

export interface TickChildOptions {
  databaseUrl: string;
  slackApiUrl: string;
  at: string;
  /** Slack's one message per second per channel, as the product paces it; off measures the tick's own work. */
  paced: boolean;
}

export interface TickChildResult {
  wallMs: number;
  /** CPU time of the tick's own process (user + system): its compute, without Postgres's or Slack's. */
  cpuMs: number;
  dbMs: number;
  /** Statements other than per-message claims and outcomes. */
  queries: number;
  /** Claims and outcomes, group-committed as messages go out. */
  outboxWrites: number;
  failedQueries: number;
  queryMix: QueryShape[];
  slowest: { sql: string; ms: number }[];
  peakRssMb: number;
  /** The JavaScript heap's high-water mark, sampled every 50 ms: how much of the RSS is live objects. */
  peakHeapMb: number;
  teams: number;
  roundsClosed: number;
  sent: Record<string, number>;
  failed: number;
  skipped: number;
}

runTask<TickChildOptions>(async (options) => {
  const log = new QueryLog();
  const config = loadConfig({
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_API_URL: options.slackApiUrl,
    LOG_LEVEL: "warn",
  });
  const logger = createLogger(config.logLevel);
  // The bot's own pool (ten connections, its timeouts and request budgets), with every query logged.
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: "",
    logger,
    log: (event) => log.add(event),
  });
  const { db } = database;
  const now = new Date(options.at);
  const pacer = options.paced ? new ChannelPacer() : new ChannelPacer(0);
  let peakHeap = 0;
  const heapSampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const deps = createDeps(config, { db, logger }, { clock: () => now, webApi: { retries: 0 } });
    const report = await tick(deps, now, {
      pacer,
      concurrency: TICK_CONCURRENCY,
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const result: TickChildResult = {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...log.summary(),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / 2 ** 20,
      teams: report.teams,
      roundsClosed: report.roundsClosed,
      sent: { ...report.sent },
      failed: report.failed.length,
      skipped: report.skipped.length,
    };
    return result;
  } finally {
    clearInterval(heapSampler);
    await database.close();
  }
});
