// There is no Docker engine where the suite runs: the build stage is checked against what `npm run build`
// reads (scripts/build.mjs: the sources to compile, and the migrations the embedded seed is migrated with).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectFile } from "../bench/runtime-flags.js";

/** The paths the Dockerfile's first stage copies before it runs `npm run build`. */
function copiedBeforeBuild(): string[] {
  const lines = readFileSync(projectFile("Dockerfile"), "utf8").split("\n");
  const build = lines.findIndex((l) => l.trim() === "RUN npm run build");
  if (build < 0) throw new Error("the Dockerfile does not run npm run build");
  return lines
    .slice(0, build)
    .filter((l) => l.startsWith("COPY ") && !l.includes("--from="))
    .flatMap((l) => l.slice("COPY ".length).trim().split(/\s+/).slice(0, -1));
}

describe("the Dockerfile's build stage", () => {
  it("copies everything npm run build reads, migrations included (the seed is migrated at build time)", () => {
    expect(copiedBeforeBuild()).toEqual(
      expect.arrayContaining([
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "scripts",
        "src",
        "migrations",
      ]),
    );
  });
});
