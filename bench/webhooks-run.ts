// npm run bench:webhooks: GitHub webhook deliveries to the built bot (webhooks.ts), on a real Postgres and on
// the embedded default, printed with PASS/FAIL per target and written to bench/results/webhooks.json.
// BENCH_QUICK=1: 20 repositories, 300 deliveries over 3 s, to try it; its figures are not written there.
// BENCH_DATABASES=postgres (or embedded): only that one, to try something; not written there either.
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import {
  describeWebhookScale,
  measureWebhooks,
  QUICK_WEBHOOKS,
  WEBHOOK_RESULTS,
  WEBHOOK_SCALE,
  type WebhookRun,
  webhookLines,
  webhookTargets,
  writeWebhookReport,
} from "./webhooks.js";

const QUICK_RESULTS = fileURLToPath(new URL("../results-webhooks-quick.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

runBenchmark("The webhook benchmark", async (env) => {
  const quick = env.BENCH_QUICK === "1";
  const scale = quick ? QUICK_WEBHOOKS : WEBHOOK_SCALE;
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const runs: WebhookRun[] = [];
  console.log(`${describeWebhookScale(scale)}:`);
  const kinds = (env.BENCH_DATABASES ?? "postgres,embedded").split(",");
  if (kinds.includes("postgres")) {
    const url = await server.createDatabase("webhooks");
    runs.push(await measureWebhooks({ kind: "postgres", url }, slack, LOG_DIR, scale));
  }
  if (kinds.includes("embedded"))
    runs.push(await measureWebhooks({ kind: "embedded" }, slack, LOG_DIR, scale));
  for (const line of webhookLines(runs)) console.log(line);
  for (const t of webhookTargets(runs))
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  const file = quick || env.BENCH_DATABASES ? QUICK_RESULTS : WEBHOOK_RESULTS;
  writeWebhookReport(file, describeMachine(server.version), scale, runs);
  console.log(`Results written to ${file}`);
});
