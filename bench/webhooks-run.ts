// npm run bench:webhooks: GitHub webhook deliveries to the built bot (webhooks.ts), on a real Postgres and on
// the embedded default, printed with PASS/FAIL per target and written to bench/results/webhooks.json.
// BENCH_QUICK=1: 20 repositories, 300 deliveries over 3 s, to try it; its figures are not written there.
import { fileURLToPath } from "node:url";
import { openBenchRig, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import { writeReport } from "./report.js";
import {
  measureWebhooks,
  WEBHOOK_SCALE,
  type WebhookRun,
  type WebhookScale,
  webhookLines,
  webhookTargets,
} from "./webhooks.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/webhooks.json", import.meta.url));
const QUICK_RESULTS = fileURLToPath(new URL("../results-webhooks-quick.json", import.meta.url));
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));

export const QUICK_WEBHOOKS: WebhookScale = {
  repositories: 20,
  deliveries: 300,
  redeliveries: 50,
  seconds: 3,
  warmUp: 20,
};

runBenchmark("The webhook benchmark", async (env) => {
  const quick = env.BENCH_QUICK === "1";
  const scale = quick ? QUICK_WEBHOOKS : WEBHOOK_SCALE;
  const { server, slack } = await openBenchRig(env, LOG_DIR);
  const runs: WebhookRun[] = [];
  console.log(
    `${scale.deliveries} deliveries over ${scale.seconds} s to ${scale.repositories} linked repositories:`,
  );
  // BENCH_DATABASES=postgres (or embedded): only that one, to try something; not written to the results.
  const kinds = (env.BENCH_DATABASES ?? "postgres,embedded").split(",");
  if (kinds.includes("postgres")) {
    const url = await server.createDatabase("webhooks");
    runs.push(await measureWebhooks({ kind: "postgres", url }, slack, LOG_DIR, scale));
  }
  if (kinds.includes("embedded"))
    runs.push(await measureWebhooks({ kind: "embedded" }, slack, LOG_DIR, scale));
  for (const line of webhookLines(runs)) console.log(line);
  const targets = webhookTargets(runs);
  for (const t of targets)
    console.log(`  ${t.pass ? "PASS" : "FAIL"} ${t.name}: ${t.actual} (goal ${t.target})`);
  const file = quick || env.BENCH_DATABASES ? QUICK_RESULTS : RESULTS;
  writeReport(file, {
    date: new Date().toISOString(),
    machine: describeMachine(server.version),
    scale,
    runs,
    targets,
  });
  console.log(`Results written to ${file}`);
});
