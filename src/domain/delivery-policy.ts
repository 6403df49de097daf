// When a scheduled message may be (re)claimed from the deliveries outbox. Pure: the caller passes `now`.

export type DeliveryStatus = "claimed" | "sent" | "failed" | "skipped";

/** What the outbox row for one message says so far. */
export interface DeliveryRecord {
  readonly key: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly claimedAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
}

export type ClaimDecision =
  | { readonly mode: "insert" }
  | { readonly mode: "reclaim"; readonly attempts: number };

/** A claim older than this was left by a process that died between claiming and posting. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;
/** Failures worth retrying wait attempts × this before the next try. */
export const RETRY_BACKOFF_MS = 60_000;
export const MAX_ATTEMPTS = 5;

// Slack errors that say "try again later"; every other Slack error code is permanent
// (channel_not_found, not_in_channel, is_archived, invalid_blocks, …) and is never retried.
const TRANSIENT_ERRORS = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "timeout",
  "request_error",
  "interrupted",
]);

/** True for outcomes a later tick may retry: rate limits after retries, 5xx, network trouble. */
export function isTransientError(error: string | null): boolean {
  if (error === null) return false;
  return TRANSIENT_ERRORS.has(error) || /^http_5\d\d$/.test(error);
}

/** Whether this process may try to post the message now, and how to claim it. Null: leave it alone. */
export function claimDecision(record: DeliveryRecord | undefined, now: Date): ClaimDecision | null {
  if (record === undefined) return { mode: "insert" };
  if (record.attempts >= MAX_ATTEMPTS) return null;
  const reclaim = { mode: "reclaim", attempts: record.attempts } as const;
  switch (record.status) {
    case "claimed":
      return now.getTime() - record.claimedAt.getTime() >= CLAIM_TIMEOUT_MS ? reclaim : null;
    case "failed": {
      if (!isTransientError(record.error)) return null;
      // A process that stopped before posting gave its claim back: the next tick may take it at once.
      const backoff = record.error === "interrupted" ? 0 : record.attempts * RETRY_BACKOFF_MS;
      const since = record.finishedAt ?? record.claimedAt;
      return now.getTime() - since.getTime() >= backoff ? reclaim : null;
    }
    case "sent":
    case "skipped":
      return null;
    default: {
      const unknown: never = record.status;
      throw new RangeError(`Unknown delivery status: ${String(unknown)}`);
    }
  }
}
