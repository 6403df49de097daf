// npm run bench:platform: the platform lead's view on the 2,000-team organisation (issue 21): the read API
// paged to the end, `/mlops status group` for 500 teams at 10 connections, and the Monday tick's statements at
// 500 and 2,000 teams with lost-practice detection. PASS/FAIL per target; written to bench/results/platform.json.
// BENCH_QUICK=1: 2 workspaces × 100 teams and short runs, to try it; its figures are not written there.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import { describeScale, ORGANISATION } from "./organisation.js";
import { lostPracticeNudges, measurePlatform, platformLines, tickStatementTarget } from "./platform.js";
import { seedDatabase } from "./seed.js";
import { measureTick } from "./tick-bench.js";
import { benchTimeline } from "./timeline.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/platform.json", import.meta.url));
const QUICK_RESULTS = fileURLToPath(new URL("../results-platform-quick.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

runBenchmark("The platform benchmark", async (env) => {
  const quick = env.BENCH_QUICK === "1";
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const org = quick ? { ...ORGANISATION, workspaces: 6, rounds: 26 } : ORGANISATION;
  const small = { ...org, workspaces: quick ? 2 : 5 };
  const timeline = benchTimeline(new Date(), org.rounds);
  const orgUrl = await server.createDatabase("platform_org");
  console.log(`Seeding ${describeScale(org)}…`);
  await seedDatabase(orgUrl, org, timeline);
  const platform = await measurePlatform({
    slack,
    databaseUrl: await server.createDatabase("platform", orgUrl),
    clockAt: timeline.asOf,
    logDir: LOG_DIR,
    passes: quick ? 3 : 20,
    durationSeconds: quick ? 3 : 10,
    warmupSeconds: quick ? 1 : 3,
  });

  console.log(`Seeding ${describeScale(small)} for the tick's statement count…`);
  const smallUrl = await server.createDatabase("platform_small");
  await seedDatabase(smallUrl, small, timeline);
  const tickOf = async (label: string, url: string) => {
    const run = await measureTick({
      label,
      databaseUrl: url,
      slack,
      at: timeline.tickAt,
      paced: false,
      logDir: LOG_DIR,
    });
    return { run, lostNudges: await lostPracticeNudges(url, timeline.currentPeriod) };
  };
  const few = await tickOf("smaller organisation", smallUrl);
  const all = await tickOf("whole organisation", orgUrl);
  const tickRows = [few, all].map(({ run, lostNudges }) => ({
    teams: run.teams,
    statements: run.queries,
    outboxWrites: run.outboxWrites,
    practiceLostNudges: lostNudges,
    wallMs: run.wallMs,
  }));
  const targets = [
    ...platform.targets,
    tickStatementTarget(few.run, all.run, [few.lostNudges, all.lostNudges]),
  ];
  for (const line of platformLines(platform.rows)) console.log(line);
  for (const row of tickRows)
    console.log(
      `  tick, ${row.teams} teams: ${row.statements} statements, ${row.outboxWrites} outbox writes, ${row.practiceLostNudges} practice-lost nudges`,
    );
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  const file = quick ? QUICK_RESULTS : RESULTS;
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: describeMachine(server.version),
    organisation: describeScale(org),
    rows: platform.rows,
    runs: tickRows,
    targets,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${file}`);
});
