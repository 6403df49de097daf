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
