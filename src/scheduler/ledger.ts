// The outbox as one tick uses it: a claim just before each post, its outcome just after, each written as
// it happens (group-committed with whatever else is being written at that moment). The first write that
// fails stops the tick from claiming anything more: posting on without writing down what was posted is
// how messages used to go out twice.
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import { claim, type NewClaim, type Outcome, recordOutcomes } from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import type { Logger } from "../logger.js";

/** Waits between tries of an outcome write, so a database that blinks still learns what was posted. */
const OUTCOME_RETRY_DELAYS_MS = [250, 750];

export class Ledger {
  /** Whether a write failed: nothing more may be claimed in this tick. */
  broken = false;
  private readonly claims: (claim: NewClaim) => Promise<number | null>;
  private readonly outcomes: (outcome: Outcome) => Promise<unknown>;

  constructor(
    db: Kysely<Database>,
    leaseSeconds: number,
    private readonly logger: Logger,
    /** Called once, on the first failed write. */
    private readonly onBroken: () => void,
  ) {
    this.claims = groupCommit(async (claims) => {
      const won = await claim(db, claims, leaseSeconds);
      return claims.map((c) => won.get(c.key) ?? null);
    });
    this.outcomes = groupCommit(async (outcomes) => {
      for (const delay of OUTCOME_RETRY_DELAYS_MS) {
        try {
          return await recordOutcomes(db, outcomes).then(() => outcomes);
        } catch (err) {
          this.broke(err);
          await sleep(delay);
        }
      }
      return recordOutcomes(db, outcomes).then(() => outcomes);
    });
  }

  /**
   * The attempt number this process won; null when another process holds the message; "broken" when the
   * outbox could not be written (now or earlier in this tick): nothing more may be claimed.
   */
  async claim(target: NewClaim): Promise<number | null | "broken"> {
    if (this.broken) return "broken";
    return this.claims(target).catch((err: unknown) => {
      this.broke(err);
      return "broken" as const;
    });
  }

  /** True once written; false when the database would not take it (the row keeps its claim). */
  async record(outcome: Outcome): Promise<boolean> {
    try {
      await this.outcomes(outcome);
      return true;
    } catch (err) {
      this.logger.error(
        { err, key: outcome.key, outcome: outcome.status },
        "could not record an outcome: the message stays claimed, and once its lease runs out a tick checks the channel's history before posting it again",
      );
      return false;
    }
  }

  private broke(err: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.logger.error({ err }, "the outbox cannot be written: this tick stops claiming and posting");
    this.onBroken();
  }
}

/**
 * Group commit: every item submitted while a write is in flight (or in the same turn of the event loop) goes
 * into the next single write, which starts the moment the previous one ends. Each item is written within
 * about one round trip of being submitted, yet there are far fewer statements than items when many arrive
 * at once. `write` returns one result per item, in order.
 */
function groupCommit<I, O>(write: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
  let pending: { item: I; resolve: (result: O) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  const start = () => {
    if (writing || pending.length === 0) return;
    writing = true;
    setImmediate(async () => {
      const batch = pending;
      pending = [];
      try {
        const results = await write(batch.map((p) => p.item));
        for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
      } catch (error) {
        for (const p of batch) p.reject(error);
      } finally {
        writing = false;
        start();
      }
    });
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      start();
    });
}
