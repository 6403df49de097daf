// npm run bench:floors: the three hot paths beside their floors (floors.ts) on the 2,000-team organisation,
// printed as a table with PASS/FAIL per target and written to bench/results/floors.json.
// BENCH_QUICK=1: 2 workspaces × 100 teams and short runs, to try it; its figures are not written there.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { type FloorComparison, floorLines, floorTargets, runFloorComparison } from "./floors.js";
import { describeMachine } from "./machine.js";
import { describeScale, ORGANISATION } from "./organisation.js";
import { seedDatabase } from "./seed.js";
import { withEvidence } from "./seed-evidence.js";
import { statusTargets } from "./status-bench.js";
import { benchTimeline } from "./timeline.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/floors.json", import.meta.url));
const QUICK_RESULTS = fileURLToPath(new URL("../results-floors-quick.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

/** Sizes of the bot's status reply and Home view on the seeded organisation (the table shows both apps'). */
const REPLY_BYTES = 2_200;
const HOME_BYTES = 1_700;

runBenchmark("The floor benchmark", async (env) => {
  const quick = env.BENCH_QUICK === "1";
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const org = quick ? { ...ORGANISATION, workspaces: 2, rounds: 26 } : ORGANISATION;
  const timeline = benchTimeline(new Date(), org.rounds);
  const url = await server.createDatabase("floors");
  console.log(`Seeding ${describeScale(org)}…`);
  await seedDatabase(url, org, timeline);
  const options = {
    slack,
    databaseUrl: url,
    targets: await statusTargets(url),
    connections: [20, 50],
    durationSeconds: Number(env.FLOOR_SECONDS ?? (quick ? 3 : 10)),
    warmupSeconds: quick ? 1 : 3,
    clockAt: timeline.asOf,
    logDir: LOG_DIR,
    rounds: Number(env.FLOOR_ROUNDS ?? (quick ? 1 : 2)),
    period: timeline.currentPeriod,
    replyBytes: REPLY_BYTES,
    homeBytes: HOME_BYTES,
  };
  const comparisons: FloorComparison[] = [];
  // Check-ins last: they write answers, which the status and Home runs must not see.
  // FLOOR_PATHS=home (or a comma-separated list): only those paths.
  const paths = (["status", "home", "status-evidence", "checkin"] as const).filter(
    (p) => !env.FLOOR_PATHS || env.FLOOR_PATHS.split(",").includes(p),
  );
  for (const path of paths) {
    console.log(`${path}: bare Bolt, then the floor and the bot in turn, ${options.rounds} round(s):`);
    const run = path === "status-evidence" ? await withEvidence(options, server, timeline.asOf) : options;
    comparisons.push(await runFloorComparison(path, run));
  }
  const targets = floorTargets(comparisons);
  for (const line of floorLines(comparisons)) console.log(line);
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  const file = quick || env.FLOOR_PATHS ? QUICK_RESULTS : RESULTS;
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: describeMachine(server.version),
    organisation: describeScale(org),
    comparisons,
    targets,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${file}`);
});
