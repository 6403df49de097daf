// Where a CLI command reads its settings and writes its answers: the process's own (cli.ts, which has read .env
// into process.env first), or a test's, which runs commands in its own process where the process boundary is not
// what it is about.
import { format } from "node:util";
import type { DatabaseHandle } from "./db/connect.js";

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** The folder a relative path (an import's file) is read from. */
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** An already-open database (tests), used instead of the configured one and left open. */
  readonly database?: DatabaseHandle;
}

export function processIo(): CliIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

/** A line on standard output, formatted as console.log formats it. */
export function say(io: CliIo, ...parts: unknown[]): void {
  io.stdout.write(`${format(...parts)}\n`);
}

/** A line on standard error. */
export function complain(io: CliIo, ...parts: unknown[]): void {
  io.stderr.write(`${format(...parts)}\n`);
}
