// When a scheduled message may be (re)claimed from the deliveries outbox. Pure: the caller passes `now`, and
// the database has already judged the claim's lease on its own clock.

export type DeliveryStatus = "claimed" | "sent" | "failed" | "skipped" | "uncertain";

/** What the outbox row for one message says so far. */
export interface DeliveryRecord {
  readonly key: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the current attempt was claimed, by the database's clock. */
  readonly claimedAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
  /** Where the current attempt was (or is being) posted: a channel, or a user id for a direct message. */
  readonly channelId: string | null;
  /** A claim whose lease ran out by the database's clock (DELIVERY_LEASE_SECONDS): its process stopped. */
  readonly leaseExpired: boolean;
}

export type ClaimDecision =
  | { readonly mode: "insert" }
  | { readonly mode: "reclaim"; readonly attempts: number }
  /**
   * The claim's owner stopped without saying what happened: the message may be in the channel already.
   * Take the claim over, then look in the channel's history before posting anything.
   */
  | {
      readonly mode: "reconcile";
      readonly attempts: number;
      readonly claimedAt: Date;
      readonly channelId: string | null;
    };

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
  "connection_refused",
  "interrupted",
]);

// Retried by the next tick: a stopped process gave the claim back unposted, and a rate limit's own wait
// (Retry-After) is kept by the scheduler's per-channel pacer, not by the outbox.
const NO_BACKOFF = new Set(["interrupted", "ratelimited", "rate_limited"]);

/** True for outcomes a later tick may retry: rate limits, 5xx, network trouble before Slack got the message. */
export function isTransientError(error: string | null): boolean {
  if (error === null) return false;
  return TRANSIENT_ERRORS.has(error) || /^http_5\d\d$/.test(error);
}

/** Whether this process may try to post the message now, and how to claim it. Null: leave it alone. */
export function claimDecision(record: DeliveryRecord | undefined, now: Date): ClaimDecision | null {
  if (record === undefined) return { mode: "insert" };
  switch (record.status) {
    case "claimed": {
      // However many attempts it took: checking the history never posts a duplicate.
      if (!record.leaseExpired) return null;
      const { attempts, claimedAt, channelId } = record;
      return { mode: "reconcile", attempts, claimedAt, channelId };
    }
    case "failed": {
      if (record.attempts >= MAX_ATTEMPTS || !isTransientError(record.error)) return null;
      const backoff = NO_BACKOFF.has(record.error ?? "") ? 0 : record.attempts * RETRY_BACKOFF_MS;
      const since = record.finishedAt ?? record.claimedAt;
      return now.getTime() - since.getTime() >= backoff
        ? { mode: "reclaim", attempts: record.attempts }
        : null;
    }
    case "sent":
    case "skipped":
    case "uncertain":
      return null;
    default: {
      const unknown: never = record.status;
      throw new RangeError(`Unknown delivery status: ${String(unknown)}`);
    }
  }
}
