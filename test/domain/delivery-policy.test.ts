import { describe, expect, it } from "vitest";
import {
  claimDecision,
  type DeliveryRecord,
  isTransientError,
  MAX_ATTEMPTS,
  RETRY_BACKOFF_MS,
} from "../../src/domain/delivery-policy.js";

const NOW = new Date("2026-03-23T10:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function record(overrides: Partial<DeliveryRecord>): DeliveryRecord {
  return {
    key: "prompt:1:2026-03-23",
    status: "sent",
    attempts: 1,
    claimedAt: ago(60_000),
    finishedAt: ago(59_000),
    error: null,
    channelId: "C1",
    leaseExpired: false,
    ...overrides,
  };
}

describe("claimDecision", () => {
  it("claims a message nobody has claimed by inserting its key", () => {
    expect(claimDecision(undefined, NOW)).toEqual({ mode: "insert" });
  });

  it("never touches a message that was sent or deliberately skipped", () => {
    expect(claimDecision(record({ status: "sent" }), NOW)).toBeNull();
    expect(claimDecision(record({ status: "skipped", error: "snoozed" }), NOW)).toBeNull();
  });

  it("leaves a claim to its owner while its lease lasts, whatever the tick's own clock says", () => {
    const claimedAt = ago(7 * 86_400_000);
    expect(claimDecision(record({ status: "claimed", claimedAt, leaseExpired: false }), NOW)).toBeNull();
  });

  it("checks the history of an abandoned claim before anything else, however many attempts it took", () => {
    const claimedAt = ago(5_000);
    for (const attempts of [1, MAX_ATTEMPTS]) {
      const abandoned = record({ status: "claimed", attempts, claimedAt, leaseExpired: true });
      expect(claimDecision(abandoned, NOW)).toEqual({
        mode: "reconcile",
        attempts,
        claimedAt,
        channelId: "C1",
      });
    }
  });

  it("never posts again a message that may have gone out and could not be checked", () => {
    expect(claimDecision(record({ status: "uncertain", error: "history: missing_scope" }), NOW)).toBeNull();
  });

  it("never retries a permanent Slack error", () => {
    for (const error of [
      "channel_not_found",
      "not_in_channel",
      "is_archived",
      "invalid_blocks",
      "unknown_error",
    ]) {
      expect(claimDecision(record({ status: "failed", error, finishedAt: ago(3_600_000) }), NOW)).toBeNull();
    }
  });

  it("retries transient failures after a back-off that grows with each attempt, up to a limit", () => {
    const failed = (attempts: number, sinceMs: number) =>
      record({ status: "failed", error: "http_503", attempts, finishedAt: ago(sinceMs) });
    expect(claimDecision(failed(1, RETRY_BACKOFF_MS - 1), NOW)).toBeNull();
    expect(claimDecision(failed(1, RETRY_BACKOFF_MS), NOW)).toEqual({ mode: "reclaim", attempts: 1 });
    expect(claimDecision(failed(2, RETRY_BACKOFF_MS), NOW)).toBeNull();
    expect(claimDecision(failed(2, 2 * RETRY_BACKOFF_MS), NOW)).toEqual({ mode: "reclaim", attempts: 2 });
    expect(claimDecision(failed(MAX_ATTEMPTS, 3_600_000), NOW)).toBeNull();
  });

  it("leaves a rate limit's wait to the pacer: the next tick may claim it again", () => {
    expect(claimDecision(record({ status: "failed", error: "ratelimited", finishedAt: NOW }), NOW)).toEqual({
      mode: "reclaim",
      attempts: 1,
    });
  });

  it("retries a claim given back by a stopping process at once", () => {
    expect(claimDecision(record({ status: "failed", error: "interrupted", finishedAt: NOW }), NOW)).toEqual({
      mode: "reclaim",
      attempts: 1,
    });
  });
});

describe("isTransientError", () => {
  it("treats rate limits, 5xx and network errors as transient", () => {
    for (const error of [
      "ratelimited",
      "http_500",
      "http_503",
      "request_error",
      "internal_error",
      "fatal_error",
    ]) {
      expect(isTransientError(error), error).toBe(true);
    }
    for (const error of ["channel_not_found", "not_in_channel", "http_404", "account_inactive", null]) {
      expect(isTransientError(error), String(error)).toBe(false);
    }
  });
});
