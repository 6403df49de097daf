// The database an `npm run mlops` test file shares with the CLI, set up in one line (a file of its own, apart
// from cli.ts, which the benchmark also runs outside vitest).
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type CliResult, cliDatabase, runCli } from "./cli.js";
import { runCliHere } from "./cli-here.js";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "./database.js";
import { useScratchFolder } from "./fixture.js";

/**
 * The database an `npm run mlops` test file shares with the CLI: the suite's Postgres, or an embedded one.
 * `use` opens it for a test's own reads and writes; `mlops(args, env)` runs a command on it in this process,
 * on the file's open database. With `ownProcess` the embedded database lives in a folder of the file's own,
 * so that `mlops(args, env, { wrapper })` (a memory cgroup) can run the built CLI on it in a process of its own.
 */
export function useCliDatabase(prefix: string, options: { ownProcess?: boolean } = {}) {
  const folder = useScratchFolder(prefix);
  let shared: TestDatabase | undefined;
  beforeAll(async () => {
    if (TEST_DATABASE_URL || !options.ownProcess) shared = await createTestDatabase();
  });
  afterAll(async () => shared?.close());
  const database = cliDatabase(
    () => shared,
    () => join(folder.path, "data"),
  );
  const mlops = (
    args: string[],
    env: Record<string, string> = {},
    run: { timeoutMs?: number; wrapper?: readonly string[] } = {},
  ): Promise<CliResult> => {
    const settings = { LOG_LEVEL: "warn", ...database.env(), ...env };
    if (!run.wrapper) return runCliHere(args, settings, folder.path, shared);
    if (!options.ownProcess)
      throw new Error("a CLI in a process of its own needs useCliDatabase(…, { ownProcess: true })");
    return runCli(args, settings, run.timeoutMs, run.wrapper);
  };
  return { use: database.use, mlops, folder };
}
