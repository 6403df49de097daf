// Token buckets keyed by a string (a person, a workspace): pure, with the time passed in, so the rules can be
// tested at any instant. A bucket holds up to `burst` tokens and gains `perSecond` of them each second.

export interface BucketRule {
  readonly burst: number;
  readonly perSecond: number;
}

/** Whether a request may go ahead, and if not, how long until it could. */
export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly retryInMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Entries kept before full (idle) buckets are swept: keeps memory bounded by the people active right now. */
const SWEEP_ABOVE = 10_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(readonly rule: BucketRule) {}

  /** Tokens in `key`'s bucket at `nowMs`, refilled since its last use (a new key starts full). */
  level(key: string, nowMs: number): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return this.rule.burst;
    const refilled = ((nowMs - bucket.at) / 1000) * this.rule.perSecond;
    return Math.min(this.rule.burst, bucket.tokens + Math.max(0, refilled));
  }

  /** How long until `key` has a whole token again (0 when it has one now). */
  waitMs(key: string, nowMs: number): number {
    const missing = 1 - this.level(key, nowMs);
    return missing <= 0 ? 0 : Math.ceil((missing / this.rule.perSecond) * 1000);
  }

  take(key: string, nowMs: number): void {
    if (this.#buckets.size > SWEEP_ABOVE) this.#sweep(nowMs);
    this.#buckets.set(key, { tokens: this.level(key, nowMs) - 1, at: nowMs });
  }

  #sweep(nowMs: number): void {
    for (const key of this.#buckets.keys()) {
      if (this.level(key, nowMs) >= this.rule.burst) this.#buckets.delete(key);
    }
  }
}

/**
 * A request from `person` of `workspace` goes ahead only when both its person's and its workspace's buckets
 * have a token; a refused request takes none, so refusals never lengthen the wait.
 */
export function admit(
  people: TokenBuckets,
  workspaces: TokenBuckets,
  person: string,
  workspace: string,
  nowMs: number,
): Admission {
  const retryInMs = Math.max(people.waitMs(person, nowMs), workspaces.waitMs(workspace, nowMs));
  if (retryInMs > 0) return { admitted: false, retryInMs };
  people.take(person, nowMs);
  workspaces.take(workspace, nowMs);
  return { admitted: true };
}

/**
 * A refused person is told once per wait, not once per request: true when `key` has not been told since
 * `nowMs`'s wait began. Remembers until when each person was told; forgets the past on the way.
 */
export class Warnings {
  readonly #until = new Map<string, number>();

  shouldTell(key: string, nowMs: number, retryInMs: number): boolean {
    const until = this.#until.get(key);
    if (until !== undefined && nowMs < until) return false;
    if (this.#until.size > SWEEP_ABOVE) {
      for (const [k, u] of this.#until) if (u <= nowMs) this.#until.delete(k);
    }
    this.#until.set(key, nowMs + retryInMs);
    return true;
  }
}
