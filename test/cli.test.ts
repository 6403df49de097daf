import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const CLI = resolve("dist/cli.js");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run mlops", () => {
  it("prints its usage with --help", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("tick [--at <instant>]");
  });

  it.each([
    [["tick", "2026-11-30T10:30Z"], '`tick` takes no argument "2026-11-30T10:30Z"'],
    [["migrate", "--at", "2026-11-30T10:30Z"], "`migrate` has no --at option"],
    [["tick", "--down"], "`tick` has no --down option"],
    [["tick", "--frobnicate"], "Unknown option '--frobnicate'"],
  ])("refuses %j before touching anything, instead of ignoring part of it", async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("asks for a command when given none", async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Usage: npm run mlops");
  });
});
