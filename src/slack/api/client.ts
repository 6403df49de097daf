// The one place that builds Slack Web API clients, for Bolt's requests and for work outside them.
import { webApi } from "@slack/bolt";
import type { Config } from "../../config.js";
import { type Logger, toBoltLogger } from "../../logger.js";
import { verifyToken } from "./token-check.js";

export type WebClient = webApi.WebClient;

/** Retries and timeouts; the defaults suit production, tests lower them against their fake Slack. */
export interface WebApiSettings {
  /** Retries after a 429 (waiting Retry-After), a 5xx or a network error. */
  retries?: number;
  /** First back-off between retries of 5xx and network errors (work outside requests). */
  minRetryDelayMs?: number;
  /** A call outside a request that hangs longer than this fails and may be retried. */
  timeoutMs?: number;
}

/** How the bot calls Slack. */
export interface SlackAccess {
  /** Options for the clients Bolt builds for each request it handles. */
  readonly boltClientOptions: webApi.WebClientOptions;
  /** The client for calls on behalf of a workspace outside a request: the scheduler, the CLI. */
  forWorkspace(teamId: string): Promise<WebClient>;
  /** Throws SlackStartupError when Slack refuses the bot's token or cannot be reached. */
  verify(): Promise<void>;
}

/** One workspace, one bot token (SLACK_BOT_TOKEN): every call uses it. */
export function singleWorkspaceAccess(
  config: Config,
  logger: Logger,
  settings: WebApiSettings = {},
): SlackAccess {
  const client = createClient(config, logger, settings);
  return {
    boltClientOptions: {
      slackApiUrl: config.slack.apiUrl,
      retryConfig: { retries: settings.retries ?? 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    },
    forWorkspace: async () => client,
    verify: () =>
      verifyToken(
        createClient(config, logger, { retries: 1, minRetryDelayMs: 500, timeoutMs: 5_000 }),
        config.slack.apiUrl,
      ),
  };
}

/** On a 429 the client pauses all its calls for Retry-After seconds and retries (rejectRateLimitedCalls off). */
function createClient(config: Config, logger: Logger, settings: WebApiSettings): WebClient {
  const client = new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: toBoltLogger(logger.child({ component: "slack-web" })),
    rejectRateLimitedCalls: false,
    timeout: settings.timeoutMs ?? 15_000,
    retryConfig: {
      retries: settings.retries ?? 3,
      factor: 2,
      minTimeout: settings.minRetryDelayMs ?? 1_000,
      maxTimeout: 10_000,
      randomize: true,
    },
  });
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfter: number, { url }: { url: string }) => {
    logger.warn({ retryAfter, method: url.split("/").pop() }, "Slack rate limit: waiting Retry-After");
  });
  return client;
}
