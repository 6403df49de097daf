import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nodeFlagsOf, projectFile, startFlags } from "../../bench/runtime-flags.js";

/** The Dockerfile's CMD, as the JSON array Docker runs. */
function dockerCommand(): string[] {
  const line = readFileSync(projectFile("Dockerfile"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("CMD "));
  if (!line) throw new Error("the Dockerfile has no CMD");
  return JSON.parse(line.slice(4)) as string[];
}

describe("the node flags the bot runs with", () => {
  it("are the same for npm start and the Dockerfile, so the benchmark measures both", () => {
    expect(nodeFlagsOf(dockerCommand())).toEqual(startFlags());
  });

  it("are read from between node and dist/main.js, and refuse a command that does not run the bot", () => {
    expect(nodeFlagsOf(["exec", "node", "--max-old-space-size=96", "dist/main.js"])).toEqual([
      "--max-old-space-size=96",
    ]);
    expect(() => nodeFlagsOf(["node", "dist/cli.js"])).toThrow(/not a command that runs node dist\/main\.js/);
  });
});
