// `npm run mlops -- …` run in this process, through the same runCommand as dist/cli.js, for tests about what a
// command does and says. A process of its own costs seconds on the embedded database (node, then PGlite's
// start); tests about the process itself (signals, memory, PID 1) use cli.ts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { runCommand } from "../../src/cli-main.js";
import type { DatabaseHandle } from "../../src/db/connect.js";
import type { CliResult } from "./cli.js";

// An empty folder by default, as for the CLI's process: a developer's own .env cannot leak in.
const EMPTY = mkdtempSync(join(tmpdir(), "mlops-cli-here-"));

/**
 * Runs the command with only `env` as its environment, in `cwd`, and collects what it printed. `database`: an
 * open one the command uses instead of opening its own (tests about what a command does, not how it opens).
 */
export async function runCliHere(
  args: readonly string[],
  env: Record<string, string>,
  cwd = EMPTY,
  database?: DatabaseHandle,
): Promise<CliResult> {
  const [stdout, stderr] = [collector(), collector()];
  const code = await runCommand([...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    cwd,
    stdout: stdout.stream,
    stderr: stderr.stream,
    database,
  });
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

function collector() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}
