// npm run bench:staleness: only the read cache's staleness window of npm run bench (bench/staleness.ts), on
// a real Postgres, written to bench/results/staleness.json. The bot must be built first (the script does it).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import { measureStaleness, stalenessLine } from "./staleness.js";
import { stalenessTargets } from "./targets.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/staleness.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

runBenchmark("The staleness benchmark", async (env) => {
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  console.log(
    "Staleness window: a check-in on replica A, /mlops status on replica B polled until it shows it:",
  );
  const run = await measureStaleness({
    slack,
    databaseUrl: await server.createDatabase("staleness"),
    logDir: LOG_DIR,
    tries: Number(env.STALENESS_TRIES ?? 200),
  });
  console.log(stalenessLine(run));
  const targets = stalenessTargets(run);
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  const report = { date: new Date().toISOString(), machine: describeMachine(server.version), run, targets };
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${RESULTS}`);
});
