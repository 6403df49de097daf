import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The fake Slack lives in src/ for a local playground to run; the product itself must never reach it.
const SRC = join(import.meta.dirname, "../../src");
const IMPORTS_FAKE_SLACK = /(from\s+|import\(\s*)["'][^"']*fake-slack\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("src/fake-slack", () => {
  it("is imported by nothing in src/ but itself and the playground", () => {
    const importers = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith("fake-slack/") && !file.startsWith("playground/"))
      .filter((file) => IMPORTS_FAKE_SLACK.test(readFileSync(join(SRC, file), "utf8")));
    expect(importers).toEqual([]);
  });
});
