// GitHub's primary rate limit per installation (x-ratelimit-* headers on every answer; 403 or 429 with
// remaining 0 once used up, until the reset) and its secondary limit (403 or 429 with retry-after).

export interface Bucket {
  limit: number;
  used: number;
  resetAtMs: number;
}

export type LimitStatus = 403 | 429;

export class RateLimits {
  /** GitHub gives an installation at least 5,000 requests an hour. */
  perHour = 5000;
  /** The status an exhausted limit answers with (GitHub uses both). */
  status: LimitStatus = 403;
  private readonly buckets = new Map<number, Bucket>();

  /** Counts one request of `installationId` at `nowMs`; the bucket after it, and whether it was refused. */
  take(installationId: number, nowMs: number): { bucket: Bucket; refused: boolean } {
    let bucket = this.buckets.get(installationId);
    if (!bucket || bucket.resetAtMs <= nowMs) {
      bucket = { limit: this.perHour, used: 0, resetAtMs: nowMs + 60 * 60 * 1000 };
      this.buckets.set(installationId, bucket);
    }
    if (bucket.used >= bucket.limit) return { bucket, refused: true };
    bucket.used++;
    return { bucket, refused: false };
  }

  /** Uses up every installation's limit (and the next ones') until `resetInSeconds` from now. */
  exhaust(installationIds: number[], nowMs: number, resetInSeconds: number): void {
    for (const id of installationIds) {
      this.buckets.set(id, {
        limit: this.perHour,
        used: this.perHour,
        resetAtMs: nowMs + resetInSeconds * 1000,
      });
    }
  }

  clear(): void {
    this.buckets.clear();
    this.perHour = 5000;
    this.status = 403;
  }
}

export function rateLimitHeaders(bucket: Bucket): Record<string, string> {
  return {
    "x-ratelimit-limit": String(bucket.limit),
    "x-ratelimit-remaining": String(Math.max(0, bucket.limit - bucket.used)),
    "x-ratelimit-used": String(bucket.used),
    "x-ratelimit-reset": String(Math.ceil(bucket.resetAtMs / 1000)),
    "x-ratelimit-resource": "core",
  };
}
