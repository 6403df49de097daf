import { spawnSync } from "node:child_process";

/**
 * Process-level tests run the built bot (`node dist/main.js`), exactly what `npm start` and Docker run.
 * Type errors still emit JavaScript; `npm run check` is where they fail the build.
 */
export default function buildOnce(): void {
  const result = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], {
    encoding: "utf8",
  });
  if (result.status !== 0) console.warn(`tsc reported problems (see npm run check):\n${result.stdout}`);
}
