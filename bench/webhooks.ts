// GitHub webhook deliveries (issue 20): the built bot (`node dist/main.js`, npm start's node flags) with 200
// teams each linked to a repository of its own; 2,000 signed deliveries over 10 s at a steady rate, 500 of
// them redeliveries of an earlier X-GitHub-Delivery. Measured from outside: each ack's latency, the bot's
// RSS (/proc), then the rows in the database: every distinct delivery stored once, nothing for redeliveries.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { openDatabase } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import type { Database } from "../src/db/schema.js";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { createLogger } from "../src/logger.js";
import { botEnv, startBotProcess } from "../test/support/bot-process.js";
import { githubEnv, TEST_WEBHOOK_SECRET } from "../test/support/github-webhooks.js";
import { freePort } from "../test/support/ports.js";
import type { Machine } from "./machine.js";
import { benchDatabase } from "./postgres.js";
import { cpuMs, peakResidentBytes, sampleRss } from "./proc.js";
import { type Target, writeReport } from "./report.js";
import { seedLinkedRepositories } from "./seed-evidence.js";
import { expectedSignals, type PlannedDelivery, planDeliveries } from "./webhook-plan.js";
import { type DeliveryResult, sendAtSteadyRate, signDeliveries } from "./webhook-send.js";

export interface WebhookScale {
  repositories: number;
  deliveries: number;
  redeliveries: number;
  seconds: number;
  /** Deliveries for repositories nobody linked, sent before the measured ones (they store nothing). */
  warmUp: number;
}

export const WEBHOOK_SCALE: WebhookScale = {
  repositories: 200,
  deliveries: 2_000,
  redeliveries: 500,
  seconds: 10,
  warmUp: 200,
};

/** BENCH_QUICK=1: a smaller run to try the benchmark itself. */
export const QUICK_WEBHOOKS: WebhookScale = {
  repositories: 20,
  deliveries: 300,
  redeliveries: 50,
  seconds: 3,
  warmUp: 20,
};

export const WEBHOOK_RESULTS = fileURLToPath(new URL("../../bench/results/webhooks.json", import.meta.url));

export function describeWebhookScale(scale: WebhookScale): string {
  return `${scale.deliveries.toLocaleString("en")} signed deliveries over ${scale.seconds} s to ${scale.repositories} linked repositories, ${scale.redeliveries} of them redelivered`;
}

/** bench/results/webhooks.json: the runs and their targets, for scripts/performance-doc.mjs. */
export function writeWebhookReport(
  file: string,
  machine: Machine,
  scale: WebhookScale,
  runs: readonly WebhookRun[],
): void {
  writeReport(file, { date: new Date().toISOString(), machine, scale, runs, targets: webhookTargets(runs) });
}

const REDELIVERY_AFTER_SECONDS = 2;

export const WEBHOOK_LIMITS = { p99Ms: 300, rssMb: 250 } as const;

export type WebhookDatabase = { kind: "postgres"; url: string } | { kind: "embedded" };

/** One run's figures: flat, so the results table shows each of them. */
export interface WebhookRun {
  database: "postgres" | "embedded";
  repositories: number;
  sent: number;
  distinct: number;
  redeliveries: number;
  /** From the first send to the last answer. */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the load generator sent its latest delivery against the schedule. */
  maxLateMs: number;
  /** Answers that were not 2xx, or no answer at all. */
  errors: number;
  /** The errors by HTTP status ("0" for no answer), e.g. "503: 12". */
  errorStatuses: string;
  /** Delivery ids not answered "stored" exactly once, and 2xx answers that were neither "stored" nor "seen". */
  wrongOutcomes: number;
  /** What the database holds afterwards, and what it should. */
  storedDeliveries: number;
  storedSignals: number;
  expectedSignals: number;
  peakRssMb: number;
  /** The kernel's high-water mark over the bot's whole life (start-up included). */
  highWaterRssMb: number;
  botCpuUsPerDelivery: number;
}

export interface StoredCounts {
  deliveries: number;
  signals: number;
}

/** What the database holds: delivery ids remembered, and signals stored. */
export async function countStored(db: Kysely<Database>): Promise<StoredCounts> {
  const { rows } = await sql<StoredCounts>`select
      (select count(distinct delivery_id) from github_deliveries)::int as deliveries,
      (select count(*) from evidence_signals)::int as signals`.execute(db);
  return rows[0] ?? { deliveries: 0, signals: 0 };
}

/** The plan of the measured deliveries for these repositories, at this scale. */
export function webhookPlan(scale: WebhookScale, repositories: readonly string[]): PlannedDelivery[] {
  return planDeliveries({
    total: scale.deliveries,
    redeliveries: scale.redeliveries,
    repositories,
    // GitHub redelivers a failed delivery (or on request) long after it: never one still in flight.
    minGap: Math.round((REDELIVERY_AFTER_SECONDS * scale.deliveries) / scale.seconds),
  });
}

export async function measureWebhooks(
  database: WebhookDatabase,
  slack: FakeSlack,
  logDir: string,
  scale: WebhookScale = WEBHOOK_SCALE,
): Promise<WebhookRun> {
  const folder = mkdtempSync(join(tmpdir(), "mlops-bench-webhooks-"));
  try {
    const env: Record<string, string> = {
      ...botEnv(slack, folder, await freePort()),
      ...githubEnv(),
      SCHEDULER: "off",
    };
    if (database.kind === "postgres") env.DATABASE_URL = database.url;
    const withDb = <T>(use: (db: Kysely<Database>) => Promise<T>) => onDatabase(database, env.DATA_DIR, use);
    const repositories = await withDb(async (db) => {
      await migrateToLatest(db);
      return seedLinkedRepositories(db, scale.repositories);
    });
    const plan = webhookPlan(scale, repositories);
    const measured = await signDeliveries(plan, TEST_WEBHOOK_SECRET);
    const unlinked = planDeliveries({
      total: scale.warmUp,
      redeliveries: 0,
      repositories: ["nobody-linked/warm-up"],
      minGap: 0,
    }).map((d) => ({ ...d, deliveryId: `warm-up-${d.slot}` }));
    const warmUp = await signDeliveries(unlinked, TEST_WEBHOOK_SECRET);
    const bot = await startBotProcess({ cwd: folder, env, nodeFlags: profileFlags() });
    const pid = bot.child.pid ?? 0;
    let results: DeliveryResult[];
    let rss: ReturnType<ReturnType<typeof sampleRss>["stop"]>;
    let cpu: number;
    let highWater: number;
    try {
      await sendAtSteadyRate(bot.url, warmUp, scale.warmUp / 2);
      const sampler = sampleRss(pid);
      const cpuBefore = cpuMs([pid]);
      results = await sendAtSteadyRate(bot.url, measured, scale.deliveries / scale.seconds);
      cpu = cpuMs([pid]) - cpuBefore;
      rss = sampler.stop();
      highWater = (peakResidentBytes(pid) ?? Number.NaN) / 2 ** 20;
    } finally {
      await bot.stop("SIGTERM");
      writeFileSync(join(logDir, `webhooks-${database.kind}.log`), bot.output());
    }
    const counts = await withDb(countStored);
    return {
      database: database.kind,
      repositories: repositories.length,
      ...webhookFigures(plan, results, counts),
      peakRssMb: rss.peakMb,
      highWaterRssMb: highWater,
      botCpuUsPerDelivery: (cpu * 1000) / Math.max(1, results.length),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** BENCH_CPU_PROFILE=<dir>: the bot writes a V8 CPU profile there when it stops (scripts/profile-summary.mjs). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}

/** The database the bot will use, opened by the benchmark while the bot is not running (PGlite has one owner). */
async function onDatabase<T>(
  database: WebhookDatabase,
  dataDir: string | undefined,
  use: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (database.kind === "postgres") {
    const db = benchDatabase(database.url);
    try {
      return await use(db);
    } finally {
      await db.destroy();
    }
  }
  const handle = await openDatabase({
    databaseUrl: undefined,
    dataDir: dataDir ?? "",
    logger: createLogger("silent"),
  });
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

type Measured = Omit<
  WebhookRun,
  "database" | "repositories" | "peakRssMb" | "highWaterRssMb" | "botCpuUsPerDelivery"
>;

/** The figures of the answers and the rows, against the plan: the benchmark's own counting, tested on its own. */
export function webhookFigures(
  plan: readonly PlannedDelivery[],
  results: readonly DeliveryResult[],
  counts: StoredCounts,
): Measured {
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const ok = (r: DeliveryResult) => r.status >= 200 && r.status < 300;
  const storedAnswers = new Map<string, number>();
  for (const r of results)
    if (ok(r) && r.outcome === "stored")
      storedAnswers.set(r.deliveryId, (storedAnswers.get(r.deliveryId) ?? 0) + 1);
  // Whichever of two sends of one id the bot took first says "stored", so it is judged per id.
  const ids = [...new Set(plan.map((d) => d.deliveryId))];
  const wrong =
    ids.filter((id) => storedAnswers.get(id) !== 1).length +
    results.filter((r) => ok(r) && r.outcome !== "stored" && r.outcome !== "seen").length;
  const slots = new Set(results.map((r) => r.slot));
  return {
    sent: results.length,
    distinct: ids.length,
    redeliveries: plan.filter((d) => d.redelivery).length,
    seconds: Math.max(0, ...results.map((r) => r.sentAtMs + r.latencyMs)) / 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    maxLateMs: Math.max(0, ...results.map((r) => r.lateMs)),
    // A planned delivery with no result at all is an error too.
    errors: results.filter((r) => !ok(r)).length + plan.filter((d) => !slots.has(d.slot)).length,
    errorStatuses: countsBy(results.filter((r) => !ok(r)).map((r) => String(r.status))),
    wrongOutcomes: wrong,
    storedDeliveries: counts.deliveries,
    storedSignals: counts.signals,
    expectedSignals: expectedSignals(plan),
  };
}

/** "503: 12, 0: 3": how often each value occurs, most frequent first; empty when none. */
function countsBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v}: ${n}`)
    .join(", ");
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

export function webhookTargets(runs: readonly WebhookRun[]): Target[] {
  return runs.flatMap((r) => [
    {
      name: `webhook ack p99 (${r.database})`,
      target: `≤ ${WEBHOOK_LIMITS.p99Ms} ms`,
      actual: `${r.p99Ms.toFixed(0)} ms`,
      pass: r.p99Ms <= WEBHOOK_LIMITS.p99Ms,
    },
    {
      name: `webhook errors and wrong answers (${r.database})`,
      target: "0",
      actual: String(r.errors + r.wrongOutcomes),
      pass: r.errors + r.wrongOutcomes === 0,
    },
    {
      name: `every delivery stored once (${r.database})`,
      target: `${r.distinct} deliveries, ${r.expectedSignals} signals`,
      actual: `${r.storedDeliveries} deliveries, ${r.storedSignals} signals`,
      pass: r.storedDeliveries === r.distinct && r.storedSignals === r.expectedSignals,
    },
    {
      name: `bot RSS under webhooks (${r.database}, high-water mark)`,
      target: `< ${WEBHOOK_LIMITS.rssMb} MB`,
      actual: `${r.highWaterRssMb.toFixed(0)} MB`,
      pass: r.highWaterRssMb < WEBHOOK_LIMITS.rssMb,
    },
  ]);
}

export function webhookLines(runs: readonly WebhookRun[]): string[] {
  return runs.map(
    (r) =>
      `  ${r.database.padEnd(8)} ${r.sent} sent (${r.redeliveries} redelivered) to ${r.repositories} repositories in ${r.seconds.toFixed(1)} s · ack p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(0)} ms · ${r.errors} errors${r.errorStatuses ? ` (${r.errorStatuses})` : ""}, ${r.wrongOutcomes} wrong answers · stored ${r.storedDeliveries} deliveries (${r.distinct} distinct sent), ${r.storedSignals} signals (${r.expectedSignals} expected) · RSS peak ${r.peakRssMb.toFixed(0)} MB, high-water ${r.highWaterRssMb.toFixed(0)} MB · ${r.botCpuUsPerDelivery.toFixed(0)} µs bot CPU a delivery`,
  );
}
