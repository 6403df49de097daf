import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The fakes (Slack, GitHub, MLflow) live in src/ for a local playground to run; the product itself must never reach them.
const SRC = join(import.meta.dirname, "../../src");
const importsOf = (dir: string) => new RegExp(`(from\\s+|import\\(\\s*)["'][^"']*${dir}/`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe.each(["fake-slack", "fake-github", "fake-mlflow", "fakes"])("src/%s", (dir) => {
  it("is imported by nothing in src/ but the fakes and the playground", () => {
    const importers = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !/^(fake-slack|fake-github|fake-mlflow|fakes|playground)\//.test(file))
      .filter((file) => importsOf(dir).test(readFileSync(join(SRC, file), "utf8")));
    expect(importers).toEqual([]);
  });
});
