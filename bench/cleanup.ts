// Whichever way the run ends (done, failed, Ctrl-C), the fake Slack stops and the cluster goes away.
import { mkdirSync, rmSync } from "node:fs";
import { FakeSlack } from "../src/fake-slack/server.js";
import { installOrgWide } from "./apps.js";
import { type BenchServer, openBenchServer } from "./postgres.js";

const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;

/** Registers a clean-up; they run once, newest first. */
export function onExit(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup);
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error(err));
  })();
  return cleaning;
}

/** Ctrl-C and SIGTERM clean up before exiting; child processes exit when their IPC channel closes. */
export function cleanUpOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping and cleaning up…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

/** Runs a benchmark's main: cleans up however it ends, and says plainly (exit 1) when it failed. */
export function runBenchmark(label: string, main: (env: NodeJS.ProcessEnv) => Promise<void>): void {
  cleanUpOnSignals();
  main(process.env)
    .then(cleanUp, async (err: unknown) => {
      console.error(`${label} failed:`, err instanceof Error ? err.message : err);
      process.exitCode = 1;
      await cleanUp();
    })
    .then(() => process.exit());
}

/** What a benchmark runs against: an emptied log folder, a Postgres and a fake Slack, both stopped on exit. */
export async function openBenchRig(
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<{ server: BenchServer; slack: FakeSlack }> {
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const server = await openBenchServer(env.DATABASE_URL, env.PG_BIN);
  onExit(() => server.stop());
  const slack = await new FakeSlack().start();
  onExit(() => slack.stop());
  installOrgWide(slack);
  return { server, slack };
}
