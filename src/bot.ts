import type { Config } from "./config.js";
import type { ChangeFeed } from "./db/change-feed.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { recordInstallation } from "./db/workspaces.js";
import { createDeps, type Deps, type DepsOverrides, slackAccessFor } from "./deps.js";
import type { Logger } from "./logger.js";
import { startScheduler } from "./scheduler/cron.js";
import { type CacheStats, MemoryReadCache } from "./services/read-cache.js";
import { createSlackApp } from "./slack/app.js";
import { healthRoutes } from "./slack/health.js";

export interface BotOptions extends DepsOverrides {
  logger: Logger;
  /** An already-open database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  /** Run the minute tick in this process; defaults to SCHEDULER (on). Tests drive tick themselves and pass false. */
  scheduler?: boolean;
}

export interface RunningBot {
  readonly port: number;
  readonly deps: Deps;
  /** The read cache: whether it is listening, and how full; its listening connection's name on Postgres. */
  readonly readCache: { readonly feed: string; stats(): CacheStats } | undefined;
  /** Stops taking work, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const slackAccess = slackAccessFor(config, logger, options);
  const identity = await slackAccess.verify();
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger: logger.child({ component: "db" }),
    }));
  let feed: ChangeFeed | undefined;
  try {
    const migrations = await migrateToLatest(database.db);
    if (migrations.length > 0) logger.info({ migrations }, "database migrated");
    // After migrating: the triggers that tell of changes come with a migration.
    const cache = config.readCacheEntries > 0 ? new MemoryReadCache(config.readCacheEntries) : undefined;
    feed = cache && (await database.watchChanges(cache));
    if (cache && feed) cache.settleThrough(feed);
    const deps = createDeps(
      config,
      { db: database.db, logger },
      { ...options, slack: slackAccess, ...(cache ? { reads: cache } : {}) },
    );
    if (identity.teamId !== "") await recordInstallation(database.db, identity);
    const slack = createSlackApp(deps, { routes: healthRoutes(database.ping), identity });
    const port = await slack.start();
    const scheduler = (options.scheduler ?? config.scheduler) ? startScheduler(deps) : undefined;
    logger.info(
      {
        port,
        mode: config.slack.appToken ? "socket" : "http",
        database: database.kind,
        scheduler: scheduler ? "on" : "off",
      },
      "bot started",
    );
    return {
      port,
      deps,
      readCache: cache && feed ? { feed: feed.name, stats: () => cache.stats() } : undefined,
      stop: async () => {
        // First: no tick may start, or be left posting, once the database is about to close.
        await scheduler?.stop();
        await slack.stop();
        await feed?.stop();
        if (!options.database) await database.close();
      },
    };
  } catch (err) {
    await feed?.stop();
    if (!options.database) await database.close().catch(() => {});
    throw err;
  }
}
