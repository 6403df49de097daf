// npm run bench:reliability: the reliability table of the README. Each fault is caused for real against
// real `tick` processes, a real Postgres and the fake Slack on loopback (bench/reliability-runs.ts); then
// Slack's messages are counted by the outbox key in their metadata. Prints a Markdown table and writes
// bench/results/reliability.json.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FakeSlack } from "../src/fake-slack/server.js";
import { onExit, runBenchmark } from "./cleanup.js";
import { describeMachine } from "./machine.js";
import { openBenchServer } from "./postgres.js";
import { FAULTS, LEASE_SECONDS, measure, type Outcome } from "./reliability-runs.js";

const RESULTS = fileURLToPath(new URL("../../bench/results/reliability.json", import.meta.url));

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const server = await openBenchServer(env.DATABASE_URL, env.PG_BIN);
  onExit(() => server.stop());
  const slack = await new FakeSlack().start();
  onExit(() => slack.stop());
  const only = env.RELIABILITY_ONLY;
  const faults = only ? FAULTS.filter((f) => f.name.includes(only)) : FAULTS;
  console.log(
    `PostgreSQL ${server.version}; DELIVERY_LEASE_SECONDS=${LEASE_SECONDS}; ${faults.length} faults:`,
  );
  const outcomes: Outcome[] = [];
  for (const fault of faults) {
    outcomes.push(await measure(fault, { slack, newDatabase: () => server.createDatabase("reliability") }));
  }
  console.log(table(outcomes));
  writeFileSync(
    RESULTS,
    `${JSON.stringify({ date: new Date().toISOString(), machine: describeMachine(server.version), leaseSeconds: LEASE_SECONDS, outcomes }, null, 2)}\n`,
  );
  console.log(`Results written to ${RESULTS}`);
}

function table(outcomes: readonly Outcome[]): string {
  const lines = [
    "| fault | expected | sent | duplicated | lost | uncertain | failed, reported | notes |",
    "|---|---|---|---|---|---|---|---|",
    ...outcomes.map(
      (o) =>
        `| ${o.fault} | ${o.expected} | ${o.sent} | ${o.duplicated} | ${o.lost} | ${o.uncertain} | ${o.failed} | ${o.note} |`,
    ),
  ];
  return lines.join("\n");
}

runBenchmark("The reliability runs", main);
