import { describe, expect, it } from "vitest";
import { startCli } from "./support/cli.js";
import { runCliHere } from "./support/cli-here.js";

// What a command says and its exit code: in this process, as dist/cli.js runs it (the pipe test runs the process).
const cli = (...args: string[]) => runCliHere(args, {});

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
    [["migrate", "--force"], "`--force` only goes with `migrate --down`"],
    [["tick", "--frobnicate"], "Unknown option '--frobnicate'"],
  ])("refuses %j before touching anything, instead of ignoring part of it", async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("prints its usage and succeeds for the command `help`", async () => {
    const run = await cli("help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run mlops");
    expect(run.stderr).toBe("");
  });

  it("names an unknown command before the usage", async () => {
    const run = await cli("frob");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      "Unknown command `frob`. The commands are: api-token, migrate, tick, export, rotate-key, purge, evidence, import.",
    );
    expect(run.stdout).toContain("Usage: npm run mlops");
  });

  it("asks for a command when given none", async () => {
    const run = await cli();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Usage: npm run mlops");
  });

  it.each([["export"], ["migrate"]])(
    "stops quietly, exit 0, when the reader closes the pipe (`%s | head`)",
    async (command) => {
      const run = startCli([command], { LOG_LEVEL: "warn" });
      run.child.stdout?.destroy();
      const result = await run.exited;
      expect(result.stderr).not.toContain("Could not reach the database");
      expect(result.code).toBe(0);
    },
  );
});
