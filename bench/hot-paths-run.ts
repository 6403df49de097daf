// npm run bench:hot-paths: the three hot paths of npm run bench (status, App Home, a check-in submission)
// beside bare Bolt, and status during the Monday tick, on a smaller organisation (2 workspaces × 100 teams), with short runs: to measure them
// alone, quickly. Written to bench/results/hot-paths.json; the full figures come from npm run bench.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { type HotPathComparison, hotPathLines, runHotPathComparison } from "./hot-paths.js";
import { describeMachine } from "./machine.js";
import { ORGANISATION } from "./organisation.js";
import { seedDatabase } from "./seed.js";
import { runStatusComparison, statusTargets } from "./status-bench.js";
import { hotPathTargets } from "./targets.js";
import { measureStatusDuringTick, statusDuringTickLines } from "./tick-status.js";
import { benchTimeline } from "./timeline.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/hot-paths.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

runBenchmark("The hot-path benchmark", async (env) => {
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const org = { ...ORGANISATION, workspaces: 2 };
  const timeline = benchTimeline(new Date(), org.rounds);
  const url = await server.createDatabase("hot");
  console.log("Seeding 2 workspaces × 100 teams…");
  await seedDatabase(url, org, timeline);
  // The tick below runs on a copy taken before any check-in is written.
  const tickUrl = await server.createDatabase("hot_tick", url);
  const rehearsalUrl = await server.createDatabase("hot_tick_alone", url);
  const options = {
    slack,
    databaseUrl: url,
    targets: await statusTargets(url),
    connections: [10, 50],
    durationSeconds: Number(env.HOT_PATH_SECONDS ?? 5),
    warmupSeconds: 2,
    clockAt: timeline.asOf,
    logDir: LOG_DIR,
  };
  const status = await runStatusComparison(options);
  const comparisons: HotPathComparison[] = [
    { path: "status", ...status },
    await runHotPathComparison("home", options),
    await runHotPathComparison("checkin", options),
  ];
  for (const line of hotPathLines(comparisons)) console.log(line);
  console.log("Status during the Monday tick (a copy of the organisation before the check-ins):");
  const duringTick = await measureStatusDuringTick({
    ...options,
    databaseUrl: tickUrl,
    rehearsalUrl,
    tickAt: timeline.tickAt,
  });
  for (const line of statusDuringTickLines(duringTick)) console.log(line);
  const targets = hotPathTargets(comparisons);
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: describeMachine(server.version),
    comparisons,
    targets,
  };
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${RESULTS}`);
});
