// The one place that builds Slack Web API clients, for Bolt's requests and for work outside them.
import { webApi } from "@slack/bolt";
import type { TickConfig } from "../../config.js";
import { type Logger, toBoltLogger } from "../../logger.js";
import { type BotIdentity, verifyToken } from "./token-check.js";

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
  /** The client for calls on behalf of a workspace outside a request, retrying on its own (the CLI, jobs). */
  forWorkspace(teamId: string): Promise<WebClient>;
  /**
   * The scheduler's client: it never retries by itself, so a post that may have reached Slack is never sent
   * twice behind the outbox's back; a 429 comes back at once with its Retry-After (WebAPIRateLimitedError),
   * so only that channel waits; and every call ends well inside a claim's lease.
   */
  forScheduler(teamId: string): Promise<WebClient>;
  /**
   * Who the one bot token is (auth.test); throws SlackStartupError when Slack refuses it or cannot be reached.
   * Absent in OAuth mode, where there is no token at start: each installation brings its own.
   */
  readonly verify?: () => Promise<BotIdentity>;
}

/** The longest a scheduled post may take: a quarter of a claim's lease, and never more than 10 s. */
export function schedulerTimeoutMs(leaseSeconds: number): number {
  return Math.min(10_000, (leaseSeconds * 1_000) / 4);
}

/** One workspace, one bot token (SLACK_BOT_TOKEN): every call uses it. */
export function singleWorkspaceAccess(
  config: TickConfig,
  logger: Logger,
  settings: WebApiSettings = {},
): SlackAccess {
  const token = config.slack.botToken;
  const client = createClient(token, config, logger, settings);
  const scheduler = createClient(token, config, logger, schedulerSettings(config, settings), true);
  return {
    boltClientOptions: boltClientOptions(config, settings),
    forWorkspace: async () => client,
    forScheduler: async () => scheduler,
    verify: () =>
      verifyToken(
        createClient(token, config, logger, { retries: 1, minRetryDelayMs: 500, timeoutMs: 5_000 }),
        config.slack.apiUrl,
      ),
  };
}

export function boltClientOptions(config: TickConfig, settings: WebApiSettings): webApi.WebClientOptions {
  return {
    slackApiUrl: config.slack.apiUrl,
    // Bolt keeps one client per workspace: waiting out a 429 there pauses every call of every person of the
    // workspace (a views.open whose trigger dies in 3 s among them). The call that met it fails instead, and
    // only its person is told to try again (failure-reply.ts); uploads wait in their own lane (upload-queue.ts).
    rejectRateLimitedCalls: true,
    retryConfig: { retries: settings.retries ?? 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
}

/** The scheduler's calls: no retries of their own, and over well inside a claim's lease. */
export function schedulerSettings(config: TickConfig, settings: WebApiSettings): WebApiSettings {
  const timeoutMs = Math.min(settings.timeoutMs ?? 10_000, schedulerTimeoutMs(config.deliveryLeaseSeconds));
  return { retries: 0, timeoutMs };
}

/**
 * With rejectRateLimitedCalls off, a 429 pauses all the client's calls for Retry-After seconds and retries;
 * on, it throws at once with the Retry-After for the caller to honour where it applies.
 */
export function createClient(
  token: string | undefined,
  config: TickConfig,
  logger: Logger,
  settings: WebApiSettings,
  rejectRateLimitedCalls = false,
): WebClient {
  const client = new webApi.WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    logger: toBoltLogger(logger.child({ component: "slack-web" })),
    rejectRateLimitedCalls,
    timeout: settings.timeoutMs ?? 15_000,
    retryConfig: {
      retries: settings.retries ?? 3,
      factor: 2,
      minTimeout: settings.minRetryDelayMs ?? 1_000,
      maxTimeout: 10_000,
      randomize: true,
    },
  });
  if (!rejectRateLimitedCalls) {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfter: number, { url }: { url: string }) => {
      logger.warn({ retryAfter, method: url.split("/").pop() }, "Slack rate limit: waiting Retry-After");
    });
  }
  return client;
}
