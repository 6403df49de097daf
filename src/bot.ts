import type { CustomRoute } from "@slack/bolt";
import { apiRoutes } from "./api/routes.js";
import type { Config, TokenKeys } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { tokensPerKey } from "./db/installations.js";
import { migrateToLatest } from "./db/migrate.js";
import { pollStaleMlflowSourcesNext, workspacesWithMlflowTokens } from "./db/mlflow.js";
import { keyId } from "./db/token-cipher.js";
import { recordInstallation } from "./db/workspaces.js";
import { createDeps, type Deps, type DepsOverrides } from "./deps.js";
import { githubAppCreatedRoute } from "./evidence/github/app-created-route.js";
import { githubOffRoute, githubWebhookRoute } from "./evidence/github/webhook-route.js";
import { useUndiciAgent } from "./http-agent.js";
import type { Logger } from "./logger.js";
import { startScheduler } from "./scheduler/cron.js";
import { receiveGithubDelivery, recheckScoringFiles } from "./services/github-webhook.js";
import { singleWorkspaceAccess } from "./slack/api/client.js";
import { isInstallationAccess } from "./slack/api/installation-access.js";
import { SlackStartupError } from "./slack/api/token-check.js";
import { createSlackApp } from "./slack/app.js";
import { healthRoutes } from "./slack/health.js";
import { oauthReceiverOptions } from "./slack/install-flow.js";

export interface BotOptions extends DepsOverrides {
  logger: Logger;
  /** An already-open database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  /** Run the minute tick in this process; defaults to SCHEDULER (on). Tests drive tick themselves and pass false. */
  scheduler?: boolean;
  /** More HTTP routes on PORT (the playground's page). */
  routes?: CustomRoute[];
  /** The address to listen on; all interfaces by default. */
  host?: string;
}

export interface RunningBot {
  readonly port: number;
  readonly deps: Deps;
  /** Stops taking work, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  useUndiciAgent();
  // One bot token is checked before anything else (a wrong token is one clear message); OAuth mode has none.
  const single = config.slack.oauth
    ? undefined
    : (options.slack ?? singleWorkspaceAccess(config, logger, options.webApi));
  const identity = await single?.verify?.();
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger: logger.child({ component: "db" }),
    }));
  try {
    const migrations = await migrateToLatest(database.db);
    if (migrations.length > 0) logger.info({ migrations }, "database migrated");
    const deps = createDeps(
      config,
      { db: database.db, logger },
      { ...options, slack: single ?? options.slack },
    );
    if (identity && identity.teamId !== "") await recordInstallation(database.db, identity);
    if (config.slack.oauth) await checkTokenKeys(database.db, config.slack.oauth.tokenKeys);
    await pollStaleMlflowSourcesNext(database.db);
    const slack = createSlackApp(deps, {
      routes: [
        ...healthRoutes(database.ping),
        ...evidenceRoutes(deps),
        ...apiRoutes({ ctx: deps, logger: logger.child({ component: "api" }) }),
        ...(options.routes ?? []),
      ],
      identity,
      host: options.host,
      oauth: isInstallationAccess(deps.slack) ? oauthReceiverOptions(deps, deps.slack, logger) : undefined,
    });
    const port = await slack.start();
    const scheduler = (options.scheduler ?? config.scheduler) ? startScheduler(deps) : undefined;
    logger.info(
      {
        port,
        mode: config.slack.appToken ? "socket" : "http",
        slack: config.slack.oauth ? "oauth" : "single-workspace",
        database: database.kind,
        scheduler: scheduler ? "on" : "off",
        // Evidence: GitHub's webhooks and REST calls, and MLflow beyond what workspaces set with the CLI.
        github: config.github ? "on" : "off (no GITHUB_APP_ID)",
        mlflow: config.mlflow?.uri ?? "only workspaces set with `evidence mlflow`",
      },
      "bot started",
    );
    if (!config.tokenKeys) await warnOfSealedMlflowTokens(database.db, logger);
    return {
      port,
      deps,
      stop: async () => {
        // First: no tick may start, or be left posting, once the database is about to close.
        await scheduler?.stop();
        await slack.stop();
        if (!options.database) await database.close();
      },
    };
  } catch (err) {
    if (!options.database) await database.close().catch(() => {});
    throw err;
  }
}

/**
 * The page GitHub returns to once it has created the App (always: the bot has no GitHub settings before), and
 * GitHub's webhooks when the App is configured (evidence from GitHub is off otherwise).
 */
function evidenceRoutes(deps: Deps): CustomRoute[] {
  const github = deps.config.github;
  if (!github) return [githubAppCreatedRoute(), githubOffRoute()];
  const logger = deps.logger.child({ component: "github" });
  return [
    githubAppCreatedRoute(),
    githubWebhookRoute({
      secret: github.webhookSecret,
      receive: async (delivery) => {
        const outcome = await receiveGithubDelivery(deps, delivery);
        // Not awaited: GitHub's REST calls may take longer than a webhook's answer may.
        if (outcome.outcome === "stored" && deps.github) {
          recheckScoringFiles(deps, deps.github, delivery).catch((err: unknown) =>
            logger.warn({ err }, "could not check a pushed repository's scoring script again"),
          );
        }
        return outcome;
      },
      logger,
    }),
  ];
}

/** MLflow tokens the CLI sealed with TOKEN_ENCRYPTION_KEY, which this bot, started without it, cannot open. */
async function warnOfSealedMlflowTokens(db: DatabaseHandle["db"], logger: Logger): Promise<void> {
  const workspaces = await workspacesWithMlflowTokens(db);
  if (workspaces.length === 0) return;
  logger.warn(
    { workspaces },
    "MLflow tokens are stored for these workspaces, sealed with TOKEN_ENCRYPTION_KEY, and the bot runs without it: their experiments and models stay stale until it is set",
  );
}

/** OAuth mode: every stored token must be readable with TOKEN_ENCRYPTION_KEY or the previous key, or say so now. */
async function checkTokenKeys(db: DatabaseHandle["db"], keys: TokenKeys): Promise<void> {
  const known = new Set([keys.current, keys.previous].flatMap((k) => (k ? [keyId(k)] : [])));
  const unreadable = [...(await tokensPerKey(db))].filter(([kid]) => !known.has(kid));
  if (unreadable.length === 0) return;
  const count = unreadable.reduce((n, [, c]) => n + c, 0);
  throw new SlackStartupError(
    `${count} stored installation ${count === 1 ? "token was" : "tokens were"} encrypted with ` +
      (unreadable.length === 1 ? "key " : "keys ") +
      `${unreadable.map(([kid]) => kid).join(", ")}, which ${unreadable.length === 1 ? "is" : "are"} neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS. ` +
      'Set TOKEN_ENCRYPTION_KEY_PREVIOUS to the key they were written with (then run `npm run mlops -- rotate-key`); see "Tokens at rest" in README.md.',
  );
}
