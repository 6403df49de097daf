// `npm run mlops -- …` as operators run it: the built CLI (dist/cli.js) in a child process, with only the
// environment given (no developer's .env or shell settings).
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

export const CLI = resolve("dist/cli.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 40_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
