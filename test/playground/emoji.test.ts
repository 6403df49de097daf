// Every emoji the bot's messages and views use is drawn by the playground's page: a name its table lacks
// would show as ":information_source:" text in the playground, where Slack draws ℹ️.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SLACK_CODE = resolve("src/slack");
const PAGE_TABLE = resolve("playground/mrkdwn.js");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** `:name:` in the code's strings (comment lines left out), with the files that use it. */
function emojiUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sourceFiles(SLACK_CODE)) {
    const code = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join("\n");
    for (const [, name] of code.matchAll(/(?<![\w$}]):([a-z0-9_+-]+):/g)) {
      if (name) used.set(name, [...(used.get(name) ?? []), file.slice(SLACK_CODE.length + 1)]);
    }
  }
  return used;
}

function emojiDrawn(): Set<string> {
  const table = /export const EMOJI = \{([^}]*)\}/.exec(readFileSync(PAGE_TABLE, "utf8"))?.[1] ?? "";
  return new Set([...table.matchAll(/^\s*"?([a-z0-9_+-]+)"?:/gm)].map((m) => m[1] ?? ""));
}

describe("the playground's emoji", () => {
  it("draws every emoji the bot's messages and views use", () => {
    const used = emojiUsed();
    const drawn = emojiDrawn();
    // The scan finds what the issue named, so it reads the code the way it should.
    for (const name of ["information_source", "ballot_box_with_check", "palm_tree", "white_check_mark"])
      expect(used.has(name)).toBe(true);
    const missing = [...used]
      .filter(([name]) => !drawn.has(name))
      .map(([name, files]) => `:${name}: (${files.join(", ")})`);
    expect(missing).toEqual([]);
  });
});
