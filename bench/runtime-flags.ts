// The node flags `npm start` runs the bot with, read from package.json's start script (the Dockerfile's
// CMD gives the same ones: test/bench/runtime-flags.test.ts), so the benchmark measures what users run.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The flags between `node` and `dist/main.js` in a command line. */
export function nodeFlagsOf(command: readonly string[]): string[] {
  const node = command.indexOf("node");
  const main = command.indexOf("dist/main.js");
  if (node < 0 || main < node)
    throw new Error(`not a command that runs node dist/main.js: ${command.join(" ")}`);
  return command.slice(node + 1, main);
}

/** The node flags of `npm start`. */
export function startFlags(): string[] {
  const scripts = JSON.parse(readFileSync(projectFile("package.json"), "utf8")).scripts as { start: string };
  return nodeFlagsOf(scripts.start.split(/\s+/));
}

/** A file of the project root: the nearest folder above this module that has a package.json. */
export function projectFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("no package.json above the benchmark");
    dir = parent;
  }
  return join(dir, name);
}
