import { webApi } from "@slack/bolt";
import type { Config } from "../config.js";
import { type Logger, toBoltLogger } from "../logger.js";

export type WebClient = webApi.WebClient;

export interface WebClientOptions {
  /** Retries after a 429 (waiting Retry-After), a 5xx or a network error; 0 in tests against a fake. */
  retries?: number;
  /** First back-off between retries of 5xx and network errors. */
  minRetryDelayMs?: number;
  /** A call that hangs longer than this fails and may be retried. */
  timeoutMs?: number;
}

/**
 * The scheduler's client for the bot token, outside Bolt: used by tick in the bot and in the CLI alike.
 * On a 429 the client pauses all its calls for Retry-After seconds and retries (rejectRateLimitedCalls off).
 */
export function createWebClient(config: Config, logger: Logger, options: WebClientOptions = {}): WebClient {
  const client = new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: toBoltLogger(logger.child({ component: "slack-web" })),
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 15_000,
    retryConfig: {
      retries: options.retries ?? 3,
      factor: 2,
      minTimeout: options.minRetryDelayMs ?? 1_000,
      maxTimeout: 10_000,
      randomize: true,
    },
  });
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfter: number, { url }: { url: string }) => {
    logger.warn({ retryAfter, method: url.split("/").pop() }, "Slack rate limit: waiting Retry-After");
  });
  return client;
}

/** The short code recorded in the outbox for a failed call: Slack's error, "http_503", "ratelimited", … */
export function slackErrorCode(error: unknown): string {
  if (typeof error !== "object" || error === null) return "unknown_error";
  const e = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown };
  switch (e.code) {
    case webApi.ErrorCode.PlatformError:
      return typeof e.data?.error === "string" ? e.data.error : "platform_error";
    case webApi.ErrorCode.HTTPError:
      return `http_${String(e.statusCode)}`;
    case webApi.ErrorCode.RequestError:
      return "request_error";
    case webApi.ErrorCode.RateLimitedError:
      return "ratelimited";
  }
  // After its last retry of a 429 the client throws a plain Error saying so.
  if (typeof e.message === "string" && /rate limit/i.test(e.message)) return "ratelimited";
  return "unknown_error";
}
