// npm run bench: seed a large organisation in a real Postgres, compare /mlops status with bare Bolt,
// measure the Monday tick, check the targets, print a table and write bench/results/latest.json.
import { mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FakeSlack } from "../src/fake-slack/server.js";
import { installOrgWide } from "./apps.js";
import { onExit, runBenchmark } from "./cleanup.js";
import { runExports } from "./export-bench.js";
import { type FloorComparison, floorTargets, runFloorComparison } from "./floors.js";
import { type LargeTick, measureLargeTick } from "./large-tick.js";
import { describeMachine } from "./machine.js";
import { describeScale, ORGANISATION, type OrgScale } from "./organisation.js";
import { measurePlatform } from "./platform.js";
import { openBenchServer } from "./postgres.js";
import { type BenchReport, printReport, statusRatios, writeReport } from "./report.js";
import { seedDatabase } from "./seed.js";
import { withEvidence } from "./seed-evidence.js";
import { measureStartup } from "./startup.js";
import { runStatusComparison, statusTargets } from "./status-bench.js";
import { checkTargets, largeTickTargets, startupTargets } from "./targets.js";
import { runTicks } from "./tick-runs.js";
import { measureStatusDuringTick } from "./tick-status.js";
import { benchTimeline } from "./timeline.js";
import {
  describeWebhookScale,
  measureWebhooks,
  QUICK_WEBHOOKS,
  WEBHOOK_RESULTS,
  WEBHOOK_SCALE,
  type WebhookScale,
  webhookTargets,
  writeWebhookReport,
} from "./webhooks.js";

interface Plan {
  org: OrgScale;
  /** The same organisation with fewer workspaces: does the tick's query count grow with teams? */
  small: OrgScale;
  durationSeconds: number;
  warmupSeconds: number;
  /** The floor and the bot take turns this many times on each hot path. */
  floorRounds: number;
  resultsFile: URL;
  webhooks: WebhookScale;
  /** Where the webhook figures go as well (bench/results/webhooks.json); none for a quick run. */
  webhooksFile?: string;
}

const FULL: Plan = {
  org: ORGANISATION,
  small: { ...ORGANISATION, workspaces: 5 },
  durationSeconds: 10,
  warmupSeconds: 3,
  floorRounds: 2,
  resultsFile: new URL("../../bench/results/latest.json", import.meta.url),
  webhooks: WEBHOOK_SCALE,
  webhooksFile: WEBHOOK_RESULTS,
};

// BENCH_QUICK=1: a smaller run to try the benchmark itself; its figures never replace latest.json.
const QUICK: Plan = {
  org: { ...ORGANISATION, workspaces: 2 },
  small: { ...ORGANISATION, workspaces: 1, teamsPerWorkspace: 50 },
  durationSeconds: 3,
  warmupSeconds: 1,
  floorRounds: 1,
  resultsFile: new URL("../results-quick.json", import.meta.url),
  webhooks: QUICK_WEBHOOKS,
};

const CONNECTIONS = [10, 50];
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const plan = env.BENCH_QUICK === "1" ? QUICK : FULL;
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const server = await openBenchServer(env.DATABASE_URL, env.PG_BIN);
  onExit(() => server.stop());
  console.log(`PostgreSQL ${server.version} (${server.origin}); app and tick logs in ${LOG_DIR}`);
  const slack = await new FakeSlack().start();
  onExit(() => slack.stop());
  installOrgWide(slack);
  const timeline = benchTimeline(new Date(), plan.org.rounds);

  console.log(`Seeding ${describeScale(plan.org)}…`);
  const orgUrl = await server.createDatabase("org");
  const seed = await seedDatabase(orgUrl, plan.org, timeline);
  const targets = await statusTargets(orgUrl);
  console.log(`  seeded in ${seed.seconds.toFixed(1)} s: ${seed.rows.answers?.toLocaleString("en")} answers`);

  console.log("Status comparison (each app in its own process, same fake Slack and load generator):");
  const hotPathOptions = {
    slack,
    databaseUrl: orgUrl,
    targets,
    connections: CONNECTIONS,
    durationSeconds: plan.durationSeconds,
    warmupSeconds: plan.warmupSeconds,
    clockAt: timeline.asOf,
    logDir: LOG_DIR,
  };
  const status = await runStatusComparison(hotPathOptions);

  const floorOptions = {
    ...hotPathOptions,
    connections: [20, 50],
    rounds: plan.floorRounds,
    period: timeline.currentPeriod,
    replyBytes: 2_200,
    homeBytes: 1_700,
  };
  const floors: FloorComparison[] = [];
  for (const path of ["status", "home"] as const) {
    console.log(`${path} beside bare Bolt and its floor (floors.ts), ${plan.floorRounds} rounds in turn:`);
    floors.push(await runFloorComparison(path, floorOptions));
  }
  console.log("status of teams with 20 evidence signals (a copy of the organisation) beside its floor:");
  floors.push(
    await runFloorComparison("status-evidence", await withEvidence(floorOptions, server, timeline.asOf)),
  );

  console.log("Status during the Monday tick (on a copy of the organisation):");
  const statusDuringTick = await measureStatusDuringTick({
    ...hotPathOptions,
    databaseUrl: await server.createDatabase("org_tick_status", orgUrl),
    rehearsalUrl: await server.createDatabase("org_tick_alone", orgUrl),
    tickAt: timeline.tickAt,
  });

  console.log(
    "The platform lead's view (npm run bench:platform without its ticks; the ticks below count statements):",
  );
  const platform = await measurePlatform({
    slack,
    databaseUrl: await server.createDatabase("org_platform", orgUrl),
    clockAt: timeline.asOf,
    logDir: LOG_DIR,
    passes: plan === QUICK ? 3 : 20,
    durationSeconds: plan.durationSeconds,
    warmupSeconds: plan.warmupSeconds,
  });

  const tick = await runTicks(server, slack, plan, orgUrl, timeline, LOG_DIR);
  // BENCH_LARGE=1: seeding 20,000 teams takes minutes, so the everyday run leaves it out.
  let largeTick: LargeTick | undefined;
  if (env.BENCH_LARGE === "1") {
    console.log("The 20,000-team Monday tick (npm start's node flags):");
    largeTick = await measureLargeTick(server, slack, LOG_DIR);
  }
  console.log("History export of the whole organisation (each in its own process, to a counting sink):");
  const exports = await runExports(orgUrl, LOG_DIR);
  console.log("Start-up and memory of node dist/main.js:");
  const startup = await measureStartup(slack, server);
  console.log(`GitHub webhook deliveries (${describeWebhookScale(plan.webhooks)}):`);
  const webhooks = [
    await measureWebhooks(
      { kind: "postgres", url: await server.createDatabase("webhooks") },
      slack,
      LOG_DIR,
      plan.webhooks,
    ),
    await measureWebhooks({ kind: "embedded" }, slack, LOG_DIR, plan.webhooks),
  ];
  // Last: these write answers into the organisation, which the tick and the export above must not see.
  console.log("Check-in submissions beside bare Bolt and their floor:");
  floors.push(await runFloorComparison("checkin", floorOptions));
  const [full, , , small] = tick.runs;
  if (!full || !small) throw new Error("the tick runs did not all finish");
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: describeMachine(server.version),
    postgres: { version: server.version, origin: server.origin },
    seed,
    status: { ...status, ratios: statusRatios(status) },
    floors,
    statusDuringTick,
    tick,
    export: exports,
    startup,
    largeTick,
    webhooks,
    platform: platform.rows,
    targets: [
      ...checkTargets({
        seedSeconds: seed.seconds,
        teams: full.teams,
        status,
        tick: full,
        smallTick: small,
        exports,
      }),
      ...startupTargets(startup),
      ...floorTargets(floors),
      ...webhookTargets(webhooks),
      ...platform.targets,
      ...(largeTick ? largeTickTargets(largeTick, full) : []),
    ],
  };
  printReport(report);
  writeReport(fileURLToPath(plan.resultsFile), report);
  console.log(`Results written to ${fileURLToPath(plan.resultsFile)}`);
  if (plan.webhooksFile) {
    writeWebhookReport(plan.webhooksFile, report.machine, plan.webhooks, webhooks);
    console.log(`Webhook results written to ${plan.webhooksFile}`);
  }
}

runBenchmark("The benchmark", main);
