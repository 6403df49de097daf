// `npm run mlops -- …` as operators run it: the compiled CLI (dist/cli.js, built once by the global set-up)
// in a child process, from an empty folder so that a developer's own .env cannot leak in.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Kysely } from "kysely";
import { openDatabase } from "../../src/db/connect.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import type { TestDatabase } from "./database.js";
import { silentLogger } from "./logger.js";

/** dist/cli.js of the project, found upwards from here (this file also runs compiled, from dist-bench/). */
function projectCli(from = import.meta.dirname): string {
  if (existsSync(join(from, "package.json")) && existsSync(join(from, "src")))
    return join(from, "dist/cli.js");
  const parent = dirname(from);
  if (parent === from) throw new Error("Could not find the project folder above test/support");
  return projectCli(parent);
}

const CLI = projectCli();
const CWD = mkdtempSync(join(tmpdir(), "mlops-cli-"));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves when it exits. */
  readonly exited: Promise<CliResult>;
}

/** The bot token and the fake Slack's URL: what `tick` needs (it serves no requests, so no signing secret). */
export function cliEnv(slack: FakeSlack, env: Record<string, string> = {}): Record<string, string> {
  return { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_API_URL: slack.apiUrl, LOG_LEVEL: "warn", ...env };
}

/** `wrapper`: what starts node (a memory cgroup's, memory-cgroup.ts); node itself by default. */
export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  wrapper: readonly string[] = [],
): RunningCli {
  const [command = process.execPath, ...before] = wrapper.length > 0 ? [...wrapper, process.execPath] : [];
  const child = spawn(command, [...before, CLI, ...args], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<CliResult>((done) => {
    child.on("exit", (code, signal) => {
      // The streams may still hold the last lines; they end right after.
      setImmediate(() => done({ code, signal, stdout, stderr }));
    });
  });
  return { child, output: () => stdout + stderr, exited };
}

/** Runs a command to its end; kills it after `timeoutMs`. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 40_000,
  wrapper: readonly string[] = [],
): Promise<CliResult> {
  const run = startCli(args, env, wrapper);
  const timer = setTimeout(() => run.child.kill("SIGKILL"), timeoutMs);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The database a CLI test shares with the CLI: an open one (`database`: the suite's Postgres, or an embedded
 * one the CLI is handed), or an embedded one in `dataDir`, opened for `fn` and closed again so that the CLI,
 * its one owner, can open it.
 */
export function cliDatabase(database: () => TestDatabase | undefined, dataDir: () => string) {
  return {
    env: (): Record<string, string> => {
      const url = database()?.url;
      return url ? { DATABASE_URL: url } : { DATA_DIR: dataDir() };
    },
    use: async <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
      const shared = database();
      if (shared) return fn(shared.db);
      const handle = await openDatabase({
        databaseUrl: undefined,
        dataDir: dataDir(),
        logger: silentLogger(),
      });
      try {
        await migrateToLatest(handle.db);
        return await fn(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}
