// A throwaway PostgreSQL 15 cluster on loopback, started the way .ci/postgres.sh starts one.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin";

export interface Cluster {
  url: string;
  /** Stops the server and removes its files; synchronous, so it can run from an exit handler. */
  stop(): void;
}

export async function startCluster(pgBin = DEFAULT_PG_BIN): Promise<Cluster> {
  if (!existsSync(join(pgBin, "initdb"))) {
    throw new Error(
      `PostgreSQL 15 binaries are not in ${pgBin}. Install them (apt-get install postgresql-15), ` +
        "set PG_BIN to their folder, or set DATABASE_URL to a Postgres on loopback.",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "mlops-bench-pg."));
  const asRoot = userInfo().uid === 0;
  // Postgres refuses to run as root: as root, the cluster belongs to the postgres user.
  if (asRoot) chownSync(dir, postgresUid(), postgresGid());
  const run = (tool: string, args: string[]) => {
    const argv = asRoot
      ? ["runuser", "-u", "postgres", "--", join(pgBin, tool), ...args]
      : [join(pgBin, tool), ...args];
    execFileSync(argv[0] as string, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
  };
  const data = join(dir, "data");
  const stop = () => {
    const argv = asRoot
      ? ["runuser", "-u", "postgres", "--", join(pgBin, "pg_ctl")]
      : [join(pgBin, "pg_ctl")];
    spawnSync(argv[0] as string, [...argv.slice(1), "-D", data, "-m", "immediate", "stop"], {
      stdio: "ignore",
    });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres"]);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "start", "-o", options]);
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "mlops"]);
    return { url: `postgres://postgres@127.0.0.1:${port}/mlops`, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
}

function postgresGid(): number {
  return Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
}

/** A port on loopback that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
