// Slack's limits on reading history for commercially distributed apps outside the Marketplace (new installs
// since 2025-05-29, every install since 2026-03-03): conversations.history and .replies give at most 15
// messages a page, and answer one call a minute per workspace; a second one within the minute gets HTTP 429
// `ratelimited` with Retry-After: 60. Apps in the Marketplace (and single-workspace apps) keep the old limits.
import type { Answer } from "./http.js";
import type { RecordedCall } from "./methods/types.js";

const LIMITED_METHODS = new Set(["conversations.history", "conversations.replies"]);
export const DISTRIBUTED_PAGE_LIMIT = 15;
const WINDOW_MS = 60_000;

export class DistributedAppLimits {
  /** The app is listed in the Slack Marketplace: none of these limits apply. */
  marketplace = false;
  /** Workspace (or org) → when its last history call was answered, on the fake's clock. */
  private readonly lastCall = new Map<string, number>();

  /**
   * For a call made with an OAuth-issued token (`installation`: whose it is): a 429 when the minute is not
   * over, or the call as the method should answer it (its `limit` held to 15; unchanged where no limit applies).
   */
  check(call: RecordedCall, installation: string | undefined, now: number): Answer | RecordedCall {
    if (this.marketplace || installation === undefined || !LIMITED_METHODS.has(call.method)) return call;
    const key = `${call.method} ${installation}`;
    const last = this.lastCall.get(key);
    if (last !== undefined && now - last < WINDOW_MS) {
      return { status: 429, headers: { "retry-after": "60" }, body: { ok: false, error: "ratelimited" } };
    }
    this.lastCall.set(key, now);
    const asked = Number(call.args.limit ?? DISTRIBUTED_PAGE_LIMIT) || DISTRIBUTED_PAGE_LIMIT;
    return { ...call, args: { ...call.args, limit: Math.min(asked, DISTRIBUTED_PAGE_LIMIT) } };
  }

  clear(): void {
    this.lastCall.clear();
    this.marketplace = false;
  }
}
