// The database an `npm run mlops` test file shares with the CLI, set up in one line (a file of its own, apart
// from cli.ts, which the benchmark also runs outside vitest).
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type CliResult, cliDatabase, runCli } from "./cli.js";
import { runCliHere } from "./cli-here.js";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "./database.js";
import { useScratchFolder } from "./fixture.js";

/**
 * The suite's Postgres, or an embedded database in a folder of the file's own; `use` opens it for a test's
 * own reads and writes, `mlops(args, env)` runs a command on it: in this process, or with `wrapper` (a memory
 * cgroup) the built CLI in a process of its own.
 */
export function useCliDatabase(prefix: string) {
  const folder = useScratchFolder(prefix);
  let shared: TestDatabase | undefined;
  beforeAll(async () => {
    if (TEST_DATABASE_URL) shared = await createTestDatabase();
  });
  afterAll(async () => shared?.close());
  const database = cliDatabase(
    () => shared,
    () => join(folder.path, "data"),
  );
  const mlops = (
    args: string[],
    env: Record<string, string> = {},
    options: { timeoutMs?: number; wrapper?: readonly string[] } = {},
  ): Promise<CliResult> => {
    const settings = { LOG_LEVEL: "warn", ...database.env(), ...env };
    return options.wrapper
      ? runCli(args, settings, options.timeoutMs, options.wrapper)
      : runCliHere(args, settings, folder.path);
  };
  return { use: database.use, mlops };
}
