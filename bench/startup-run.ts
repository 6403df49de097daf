// npm run bench:startup: only the start-up and memory figures of npm run bench (bench/startup.ts), written
// to bench/results/startup.json. The bot must be built first (the npm script does it).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeSlack } from "../src/fake-slack/server.js";
import { onExit, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import { openBenchServer } from "./postgres.js";
import { measureStartup, startupLines } from "./startup.js";
import { startupTargets } from "./targets.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/startup.json", import.meta.url));

runBenchmark("The start-up benchmark", async (env) => {
  const server = await openBenchServer(env.DATABASE_URL, env.PG_BIN);
  onExit(() => server.stop());
  const slack = await new FakeSlack().start();
  onExit(() => slack.stop());
  console.log("Start-up and memory of node dist/main.js (first start on an empty DATA_DIR, then a restart):");
  const runs = await measureStartup(slack, server);
  for (const line of startupLines(runs)) console.log(line);
  const targets = startupTargets(runs);
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  const report = { date: new Date().toISOString(), machine: describeMachine(server.version), runs, targets };
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${RESULTS}`);
});
