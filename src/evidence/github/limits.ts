// What GitHub says about its rate limits, remembered so that no call is made while a limit is known to be used
// up: `x-ratelimit-remaining: 0` holds until `x-ratelimit-reset`; a 403/429 with `retry-after` for that many
// seconds (GitHub's secondary limit).

export type Headers = Record<string, string | number | undefined>;

/** The instant until which calls under this key must wait, or null when they may go ahead. */
export class RateLimitGuard {
  private readonly until = new Map<string, Date>();

  limitedUntil(key: string, now: Date): Date | null {
    const until = this.until.get(key);
    if (!until || until <= now) return null;
    return until;
  }

  /**
   * Reads an answer's headers (any status); true when the answer itself was a rate-limit refusal. `message`:
   * GitHub's, which alone tells a 403 of its secondary limit without headers from one of permissions.
   */
  observe(key: string, status: number, headers: Headers, now: Date, message = ""): boolean {
    const retryAfter = Number(headers["retry-after"]);
    const remaining = headers["x-ratelimit-remaining"];
    const reset = Number(headers["x-ratelimit-reset"]);
    const limitStatus = status === 403 || status === 429;
    if (limitStatus && Number.isFinite(retryAfter) && headers["retry-after"] !== undefined) {
      this.until.set(key, new Date(now.getTime() + retryAfter * 1000));
      return true;
    }
    if (remaining !== undefined && Number(remaining) === 0 && Number.isFinite(reset)) {
      this.until.set(key, new Date(reset * 1000));
      return limitStatus;
    }
    // A 429 says "too many" even without the headers, as does a 403 whose message names a rate limit: wait a
    // minute, as GitHub's docs advise.
    if (status === 429 || (status === 403 && /rate limit/i.test(message))) {
      this.until.set(key, new Date(now.getTime() + 60_000));
      return true;
    }
    return false;
  }
}
