import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The fakes live in src/ for a local playground to run; the product itself must never reach them.
const SRC = join(import.meta.dirname, "../../src");
const importsFake = (fake: string) => new RegExp(`(from\\s+|import\\(\\s*)["'][^"']*${fake}/`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe.each(["fake-slack", "fake-mlflow"])("src/%s", (fake) => {
  it("is imported by nothing in src/ but itself and the playground", () => {
    const importers = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith(`${fake}/`) && !file.startsWith("playground/"))
      .filter((file) => importsFake(fake).test(readFileSync(join(SRC, file), "utf8")));
    expect(importers).toEqual([]);
  });
});
