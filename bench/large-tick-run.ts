// npm run bench:large-tick: the 20,000-team Monday tick alone (npm run bench runs it with BENCH_LARGE=1).
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { largeTickLines, measureLargeTick } from "./large-tick.js";
import { largeTickTargets } from "./targets.js";

const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

runBenchmark("The 20,000-team tick", async (env) => {
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const large = await measureLargeTick(server, slack, LOG_DIR);
  for (const line of largeTickLines(large)) console.log(line);
  for (const t of largeTickTargets(large, undefined))
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
});
