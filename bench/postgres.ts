// The benchmark's Postgres: DATABASE_URL's server when set (loopback only), else a throwaway cluster
// started the way .ci/postgres.sh does. Each run works in databases of its own, dropped at the end.
import { randomBytes } from "node:crypto";
import { Kysely, type KyselyConfig, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../src/db/schema.js";
import { startCluster } from "./cluster.js";

export interface BenchServer {
  /** Where it came from, for the report (never the credentials). */
  readonly origin: "DATABASE_URL" | "throwaway cluster";
  readonly version: string;
  /** A new database on the server: empty, or a copy of the one at `template` (a URL it returned). Dropped by stop(). */
  createDatabase(label: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export async function openBenchServer(
  databaseUrl: string | undefined,
  pgBin: string | undefined,
): Promise<BenchServer> {
  if (databaseUrl) {
    const host = new URL(databaseUrl).hostname;
    if (!LOOPBACK.has(host)) {
      throw new Error(
        `DATABASE_URL points at ${host}: the benchmark only runs against a Postgres on loopback.`,
      );
    }
    return serverAt(databaseUrl, "DATABASE_URL", async () => {});
  }
  const cluster = await startCluster(pgBin);
  // A last resort should the run end without cleaning up (an uncaught error): never leave a cluster behind.
  process.once("exit", cluster.stop);
  try {
    return await serverAt(cluster.url, "throwaway cluster", async () => cluster.stop());
  } catch (err) {
    cluster.stop();
    throw err;
  }
}

async function serverAt(adminUrl: string, origin: BenchServer["origin"], after: () => Promise<void>) {
  const created: string[] = [];
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl, max: 1 }) }),
  });
  const { rows } = await sql<{ server_version: string }>`show server_version`.execute(admin);
  return {
    origin,
    version: rows[0]?.server_version ?? "unknown",
    createDatabase: async (label: string, template?: string) => {
      const name = `mlops_bench_${label}_${randomBytes(4).toString("hex")}`;
      const copy = template ? sql` template ${sql.id(new URL(template).pathname.slice(1))}` : sql``;
      await retryWhileInUse(() => sql`create database ${sql.id(name)}${copy}`.execute(admin));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: async () => {
      for (const name of created.splice(0)) {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin).catch(() => {});
      }
      await admin.destroy();
      await after();
    },
  } satisfies BenchServer;
}

// Copying a database needs it idle; a process that just exited may still hold a session for a moment.
async function retryWhileInUse<T>(run: () => Promise<T>, attempts = 20): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: string }).code !== "55006" || attempts <= 1) throw err;
    await new Promise((resolve) => setTimeout(resolve, 250));
    return retryWhileInUse(run, attempts - 1);
  }
}

/** A Kysely for the benchmark's own long statements (seeding): no query timeout, unlike the bot's pool. */
export function benchDatabase(
  url: string,
  options: { max?: number; queryTimeoutMs?: number; log?: KyselyConfig["log"] } = {},
) {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 2,
    query_timeout: options.queryTimeoutMs,
  });
  // A database dropped at the end of the run ends idle connections; that is expected.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
}
