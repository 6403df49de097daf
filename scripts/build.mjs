// npm run build (and so npm start and npm run mlops): compile the TypeScript only when a source is newer
// than the last build, and prepare the embedded database's migrated data directory only when it is missing
// or older than the installed packages or the migrations. A restart on an unchanged checkout then starts at
// once instead of spending seconds in tsc. `--force` compiles regardless.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (path) => join(root, path);
const STAMP = at("dist/.built");
const SOURCES = ["src", "tsconfig.json", "package.json", "package-lock.json"].map(at);
const LOCKFILE = at("package-lock.json");

/** The newest modification time under a path; a folder's own time changes when a file is removed. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const modified = (path) => (existsSync(path) ? statSync(path).mtimeMs : Number.NEGATIVE_INFINITY);

if (process.argv.includes("--force") || Math.max(...SOURCES.map(newest)) > modified(STAMP)) {
  const tsc = spawnSync(
    process.execPath,
    [at("node_modules/typescript/bin/tsc"), "-p", at("tsconfig.json")],
    {
      stdio: "inherit",
    },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

// The seed is migrated: a new migration (or a checkout with fewer) makes it stale, as a new install does.
const { BUILT_SEED_FILE } = await import(new URL("../dist/db/embedded.js", import.meta.url).href);
if (modified(BUILT_SEED_FILE) < Math.max(modified(LOCKFILE), newest(at("migrations")))) {
  console.error("Preparing the embedded database's data directory (once per install and new migration)…");
  const { writeSeed } = await import(new URL("../dist/db/connect.js", import.meta.url).href);
  await writeSeed();
}
