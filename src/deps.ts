import type { Kysely } from "kysely";
import type { Config, TickConfig } from "./config.js";
import { withinBudget } from "./db/connect.js";
import type { Database } from "./db/schema.js";
import { GitHubEvidence } from "./evidence/github/client.js";
import { githubRepositories } from "./evidence/github/repositories.js";
import type { Logger } from "./logger.js";
import type { GithubRepositories, MlflowNames } from "./services/evidence-links.js";
import { mlflowNames } from "./services/mlflow-names.js";
import { type SlackAccess, singleWorkspaceAccess, type WebApiSettings } from "./slack/api/client.js";
import { installationAccess } from "./slack/api/installation-access.js";

/**
 * Everything a listener, job or command needs, built once by createDeps and passed down. The bot's Deps carry
 * its whole Config; `tick` builds them from the narrower TickConfig (it serves no Slack requests).
 */
export interface Deps<C extends TickConfig = Config> {
  readonly config: C;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** The current instant; tests pass a fixed clock. */
  readonly clock: () => Date;
  /** How to call Slack, for Bolt's requests and for the scheduler and CLI. */
  readonly slack: SlackAccess;
  /** The GitHub App's view of repositories; undefined when evidence from GitHub is off (no GITHUB_ settings). */
  readonly github?: GithubRepositories;
  /** Asks the workspace's MLflow whether a name exists (it says "off" when the workspace has no MLflow). */
  readonly mlflow: MlflowNames;
  /** OAuth mode: a workspace links only repositories of the GitHub accounts an operator allowed it. */
  readonly githubAccountsBound: boolean;
}

export interface DepsOverrides {
  clock?: () => Date;
  /** Web API retries and timeouts (tests lower them against their fake Slack). */
  webApi?: WebApiSettings;
  slack?: SlackAccess;
  github?: GithubRepositories;
}

/** The one way to assemble Deps, for the bot, the CLI and tests alike. */
export function createDeps<C extends TickConfig>(
  config: C,
  parts: { db: Kysely<Database>; logger: Logger },
  overrides: DepsOverrides = {},
): Deps<C> {
  return {
    config,
    db: parts.db,
    logger: parts.logger,
    clock: overrides.clock ?? (() => new Date()),
    slack: slackAccessFor(config, parts, overrides),
    mlflow: mlflowNames({ ...parts, config }),
    ...githubFor(config, overrides),
    // One GitHub App serves every workspace that installs the bot: it must not read another's repositories.
    githubAccountsBound: config.slack.oauth !== undefined,
  };
}

/** `deps` whose database work, all of it together, has `budgetMs` from now (a request's, an upload's). */
export function withDatabaseBudget<D extends Deps<TickConfig>>(deps: D, budgetMs: number): D {
  return { ...deps, db: withinBudget(deps.db, budgetMs) };
}

/** The GitHub App's view of repositories, when the bot's config has one (evidence from GitHub on). */
function githubFor(config: TickConfig, overrides: DepsOverrides): { github?: GithubRepositories } {
  if (overrides.github) return { github: overrides.github };
  const github = "github" in config ? (config as Config).github : undefined;
  // Tokens and rate limits run on the real clock; only the window read follows the bot's (tests move it).
  return github
    ? { github: githubRepositories(new GitHubEvidence(github), overrides.clock ?? (() => new Date())) }
    : {};
}

/**
 * The Slack access Deps get: the override; in OAuth mode each workspace's installation (from the database);
 * otherwise the one bot token's.
 */
export function slackAccessFor(
  config: TickConfig,
  parts: { db: Kysely<Database>; logger: Logger },
  overrides: DepsOverrides = {},
): SlackAccess {
  if (overrides.slack) return overrides.slack;
  const { oauth } = config.slack;
  if (oauth)
    return installationAccess(
      { ...config, slack: { ...config.slack, oauth } },
      parts.db,
      parts.logger,
      overrides.webApi,
    );
  return singleWorkspaceAccess(config, parts.logger, overrides.webApi);
}
