import { webApi } from "@slack/bolt";

/** The short code of a failed call: Slack's own error ("not_in_channel"), or "http_503", "ratelimited", … */
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

/** True when Slack answered and refused the call (ok: false), as opposed to a network or HTTP failure. */
export function isSlackRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === webApi.ErrorCode.PlatformError;
}

/**
 * What a failed call says about whether Slack got it. `no`: it was refused (ok:false, a 429) or never left
 * this machine (connection refused), so trying again cannot duplicate anything. `maybe`: it may have been
 * carried out — a timeout or reset after sending, a 5xx, or the errors Slack documents as possibly partial.
 */
export interface CallFailure {
  readonly code: string;
  readonly delivered: "no" | "maybe";
  /** From a 429: how long Slack asked to wait. */
  readonly retryAfterMs?: number;
}

// Slack: "It's possible some aspect of the operation succeeded before the error was raised."
const POSSIBLY_CARRIED_OUT = new Set(["internal_error", "fatal_error"]);
// Failures to connect at all: nothing was sent.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
// A 429 whose Retry-After cannot be read: wait this long.
const DEFAULT_RETRY_AFTER_MS = 30_000;

export function classifyCallFailure(error: unknown): CallFailure {
  const e = (error ?? {}) as { code?: unknown; retryAfter?: unknown; original?: unknown; message?: unknown };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { code: "ratelimited", delivered: "no", retryAfterMs: Number(e.retryAfter) * 1_000 };
    case webApi.ErrorCode.PlatformError: {
      const code = slackErrorCode(error);
      return { code, delivered: POSSIBLY_CARRIED_OUT.has(code) ? "maybe" : "no" };
    }
    case webApi.ErrorCode.HTTPError: {
      const code = slackErrorCode(error);
      return { code, delivered: /^http_5/.test(code) ? "maybe" : "no" };
    }
    case webApi.ErrorCode.RequestError:
      return requestFailure(e.original);
  }
  // A 429 without a usable Retry-After comes back as a plain error saying so.
  if (typeof e.message === "string" && /retry header|rate limit/i.test(e.message)) {
    return { code: "ratelimited", delivered: "no", retryAfterMs: DEFAULT_RETRY_AFTER_MS };
  }
  return { code: slackErrorCode(error), delivered: "maybe" };
}

function requestFailure(original: unknown): CallFailure {
  const o = original as { name?: unknown; cause?: { code?: unknown; name?: unknown } } | undefined;
  if (o?.name === "TimeoutError" || o?.cause?.name === "TimeoutError") {
    return { code: "timed_out", delivered: "maybe" };
  }
  const code = o?.cause?.code;
  if (typeof code === "string" && NOT_SENT.has(code)) return { code: "connection_refused", delivered: "no" };
  return { code: "request_error", delivered: "maybe" };
}
