// The outbox as one tick uses it: a claim just before each post, its outcome just after, each written as
// it happens (group-committed with whatever else is being written at that moment). The first write that
// fails stops the tick from claiming anything more: posting on without writing down what was posted is
// how messages used to go out twice.
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import {
  claimNew,
  type NewClaim,
  type Outcome,
  reclaim,
  recordOutcomes,
  type SeenAttempt,
  takeOver,
} from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import type { ClaimDecision } from "../domain/delivery-policy.js";
import type { Logger } from "../logger.js";
import { GroupWriter } from "./group-write.js";

interface ClaimRequest {
  readonly target: NewClaim;
  readonly decision: ClaimDecision;
}

/** Waits between tries of an outcome write, so a database that blinks still learns what was posted. */
const OUTCOME_RETRY_DELAYS_MS = [250, 750];

export class Ledger {
  /** Whether a write failed: nothing more may be claimed in this tick. */
  broken = false;
  private readonly claims: GroupWriter<ClaimRequest, number | null>;
  private readonly outcomes: GroupWriter<Outcome, null>;

  constructor(
    db: Kysely<Database>,
    leaseSeconds: number,
    private readonly logger: Logger,
    /** Called once, on the first failed write. */
    private readonly onBroken: () => void,
  ) {
    this.claims = new GroupWriter((requests) => writeClaims(db, requests, leaseSeconds));
    this.outcomes = new GroupWriter(async (outcomes) => {
      for (const delay of [...OUTCOME_RETRY_DELAYS_MS, null]) {
        try {
          await recordOutcomes(db, outcomes);
          return outcomes.map(() => null);
        } catch (err) {
          this.broke(err);
          if (delay === null) throw err;
          await sleep(delay);
        }
      }
      return [];
    });
  }

  /**
   * The attempt number this process won; null when another process holds the message; "broken" when the
   * outbox could not be written (now or earlier in this tick): nothing more may be claimed.
   */
  async claim(target: NewClaim, decision: ClaimDecision): Promise<number | null | "broken"> {
    if (this.broken) return "broken";
    try {
      return await this.claims.submit({ target, decision });
    } catch (err) {
      this.broke(err);
      return "broken";
    }
  }

  /** True once written; false when the database would not take it (the row keeps its claim). */
  async record(outcome: Outcome): Promise<boolean> {
    try {
      await this.outcomes.submit(outcome);
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

async function writeClaims(
  db: Kysely<Database>,
  requests: readonly ClaimRequest[],
  leaseSeconds: number,
): Promise<(number | null)[]> {
  const fresh: NewClaim[] = [];
  const retried: SeenAttempt[] = [];
  const taken: SeenAttempt[] = [];
  for (const { target, decision } of requests) {
    if (decision.mode === "insert") fresh.push(target);
    else if (decision.mode === "reclaim") retried.push({ ...target, attempts: decision.attempts });
    // A takeover keeps the channel of the attempt it takes over: that is the history to look in.
    else taken.push({ key: target.key, attempts: decision.attempts, channel: null });
  }
  const won = new Set([
    ...(await claimNew(db, fresh)),
    ...(await reclaim(db, retried)),
    ...(await takeOver(db, taken, leaseSeconds)),
  ]);
  return requests.map(({ target, decision }) => {
    if (!won.has(target.key)) return null;
    return decision.mode === "insert" ? 1 : decision.attempts + 1;
  });
}
