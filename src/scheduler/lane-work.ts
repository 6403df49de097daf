// The work on one channel's messages, a step at a time (deliver.ts hands the channels out): look up abandoned
// claims in the channel's history first, then claim, post and record each message in order.
import type { NewClaim, Outcome } from "../db/deliveries.js";
import { type ClaimDecision, isTransientError, MAX_ATTEMPTS } from "../domain/delivery-policy.js";
import type { DeliveryContext, LeftReason, Unit, UnitResult } from "./deliver.js";
import { type Ledger, OutboxUnavailable } from "./ledger.js";
import { postScheduled } from "./post.js";
import { findPosted, type PostingWindow } from "./reconcile.js";

/** Tries of one message within a tick while its channel is rate limited. */
export const RATE_LIMITED_TRIES = 3;

export interface Pending {
  readonly unit: Unit;
  decision: ClaimDecision;
  /** The attempt this process holds a claim for, if any, and when (performance.now()) it asked for it. */
  attempt: number | null;
  claimStarted: number;
  tries: number;
  lastError: string | null;
}

export interface Lane {
  readonly teamId: string;
  readonly channel: string;
  readonly pending: Pending[];
  checked: boolean;
}

export interface Delivery {
  readonly ctx: DeliveryContext;
  readonly ledger: Ledger;
  readonly results: UnitResult[];
  /** Lanes given up on for this tick (their channel stays rate limited), settled when it ends. */
  readonly givenUp: Lane[];
  /** Outcome writes under way; the tick waits for them before it reports. */
  readonly recording: Promise<void>[];
  stopping(): boolean;
}

/** One piece of a lane's work; true when the lane has more (settled when the tick ends, if it is stopping). */
export async function step(lane: Lane, run: Delivery): Promise<boolean> {
  try {
    if (!lane.checked) await checkHistory(lane, run);
    else if ((await postNext(lane, run)) === "give-up") {
      run.givenUp.push(lane);
      return false;
    }
  } catch (err) {
    // The outbox went away: the lane is left as it is, and settled with the others when the tick ends.
    if (err instanceof OutboxUnavailable) return true;
    throw err;
  }
  return lane.pending.length > 0;
}

/**
 * Looks for the lane's abandoned claims in the channel's history, then takes them over, before posting any.
 * The history is read first: when Slack rate limits the read (distributed apps may read once a minute), the
 * claims are left as they are, lease run out and claim time kept, for a later tick to look again. Never posted.
 */
async function checkHistory(lane: Lane, run: Delivery): Promise<void> {
  lane.checked = true;
  const abandoned = lane.pending.filter((p) => p.decision.mode === "reconcile");
  if (abandoned.length === 0) return;
  const client = await run.ctx.slack.forScheduler(lane.teamId);
  for (const [target, items] of byTarget(abandoned)) {
    const window = postingWindow(items, run.ctx.leaseSeconds);
    const answer = await findPosted(client, target, new Set(items.map((p) => p.unit.key)), window);
    if (!answer.readable && answer.error === "ratelimited") {
      waitForHistory(lane, items, run);
      continue;
    }
    const claims = await Promise.allSettled(items.map((p) => claim(lane, p, run)));
    const failed = claims.find((c) => c.status === "rejected");
    if (failed) throw failed.reason;
    for (const p of items) {
      if (p.attempt === null) continue;
      const posted = answer.readable ? answer.found.get(p.unit.key) : undefined;
      if (!answer.readable) settle(lane, p, run, uncertain(p, `history: ${answer.error}`, run));
      else if (posted) settle(lane, p, run, sentOutcome(p, posted.channel, posted.ts, run), true);
    }
  }
}

function byTarget(abandoned: readonly Pending[]): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const p of abandoned) {
    if (p.decision.mode !== "reconcile") continue;
    const target = p.decision.channelId ?? p.unit.channel;
    groups.set(target, [...(groups.get(target) ?? []), p]);
  }
  return groups;
}

/** From the earliest claim to the end of the latest claim's lease: no abandoned post can be outside it. */
function postingWindow(items: readonly Pending[], leaseSeconds: number): PostingWindow {
  const times = items.map((p) => (p.decision as { claimedAt: Date }).claimedAt.getTime());
  return { since: new Date(Math.min(...times)), until: new Date(Math.max(...times) + leaseSeconds * 1_000) };
}

/** The history could not be read yet: the claims stay untouched (never posted) until a later tick. */
function waitForHistory(lane: Lane, items: readonly Pending[], run: Delivery): void {
  run.ctx.logger.info(
    { channel: lane.channel, keys: items.map((p) => p.unit.key) },
    "channel history rate limited: messages in doubt are checked again by a later tick",
  );
  for (const p of items) {
    lane.pending.splice(lane.pending.indexOf(p), 1);
    run.results.push({ unit: p.unit, result: "left", reason: "ratelimited" });
  }
}

/**
 * Claims (if need be), posts and records the lane's next message. "give-up": the channel is still rate limited
 * after a few tries, so the rest of its messages wait for a later tick.
 */
async function postNext(lane: Lane, run: Delivery): Promise<"give-up" | undefined> {
  const p = lane.pending[0];
  if (!p) return;
  if (p.attempt === null && !(await claim(lane, p, run))) return;
  if (run.stopping() || p.attempt === null) return; // given back when the tick ends
  // Never post on a claim that may be near its end (a very slow claim): give it back and claim again.
  if (performance.now() - p.claimStarted > (run.ctx.leaseSeconds * 1_000) / 2) {
    return retryLater(lane, p, baseOutcome(p, run, "failed", "interrupted"), run, false);
  }
  run.ctx.pacer.book(lane.teamId, lane.channel);
  const posted = await postScheduled(run.ctx.slack, p.unit, p.attempt);
  if (posted.ok) {
    settle(lane, p, run, sentOutcome(p, posted.channel, posted.ts, run));
    return;
  }
  const { failure } = posted;
  run.ctx.logger.warn(
    { key: p.unit.key, channel: p.unit.channel, error: failure.code, attempt: p.attempt },
    failure.delivered === "maybe"
      ? "scheduled message: no clear answer from Slack"
      : "scheduled message failed",
  );
  const outcome = baseOutcome(p, run, failure.delivered === "maybe" ? "no_answer" : "failed", failure.code);
  if (failure.retryAfterMs === undefined) {
    settle(lane, p, run, outcome);
    return;
  }
  run.ctx.pacer.rateLimited(lane.teamId, lane.channel, failure.retryAfterMs);
  if (p.tries + 1 < RATE_LIMITED_TRIES && p.attempt < MAX_ATTEMPTS)
    return retryLater(lane, p, outcome, run, true);
  settle(lane, p, run, outcome);
  return "give-up";
}

/** Claims the message for this process; false when another process holds it (then it leaves the lane). */
async function claim(lane: Lane, p: Pending, run: Delivery): Promise<boolean> {
  const target: NewClaim = { ...p.unit, channel: p.unit.channel };
  p.claimStarted = performance.now();
  p.attempt = await run.ledger.claim(target, p.decision);
  if (p.attempt !== null) return true;
  lane.pending.splice(lane.pending.indexOf(p), 1);
  run.results.push({ unit: p.unit, result: "lost" });
  return false;
}

/** The attempt did not reach Slack (a 429): written down, and the same message is claimed again later. */
async function retryLater(
  lane: Lane,
  p: Pending,
  outcome: Outcome,
  run: Delivery,
  counts: boolean,
): Promise<undefined> {
  const attempt = p.attempt ?? 0;
  p.attempt = null;
  if (!(await run.ledger.record(outcome))) {
    // The row keeps this attempt's claim: once its lease runs out, a tick finds it absent and posts it.
    lane.pending.splice(lane.pending.indexOf(p), 1);
    run.results.push({ unit: p.unit, result: "unrecorded", outcome: outcome.status });
    throw new OutboxUnavailable("could not write a refused attempt");
  }
  p.decision = { mode: "reclaim", attempts: attempt };
  if (counts) {
    p.tries++;
    p.lastError = outcome.error;
  }
  return undefined;
}

/**
 * Takes the message off the lane and writes its outcome. The lane goes on meanwhile (the write is
 * group-committed with others'); should it fail, the ledger stops the tick from claiming anything more.
 */
function settle(lane: Lane, p: Pending, run: Delivery, outcome: Outcome, confirmed = false): void {
  lane.pending.splice(lane.pending.indexOf(p), 1);
  run.recording.push(
    run.ledger.record(outcome).then((written) => {
      run.results.push(
        written
          ? resultOf(p.unit, outcome, confirmed)
          : { unit: p.unit, result: "unrecorded", outcome: outcome.status },
      );
    }),
  );
}

function resultOf(unit: Unit, outcome: Outcome, confirmed: boolean): UnitResult {
  const error = outcome.error ?? "unknown_error";
  switch (outcome.status) {
    case "sent":
      return { unit, result: "sent", ts: outcome.messageTs, confirmed };
    case "failed":
      return { unit, result: "failed", error, transient: isTransientError(error) };
    case "no_answer":
      return { unit, result: "no_answer", error };
    case "uncertain":
      return { unit, result: "uncertain", error };
  }
}

/** What a lane still holds when the tick ends: claims given back, the rest left for a later tick. */
export async function leave(lane: Lane, reason: LeftReason, run: Delivery): Promise<void> {
  for (const p of lane.pending.splice(0)) {
    if (p.attempt !== null) {
      const released = await run.ledger.record(baseOutcome(p, run, "failed", "interrupted"));
      run.results.push({ unit: p.unit, result: released ? "released" : "held" });
    } else if (p.lastError !== null) {
      run.results.push({ unit: p.unit, result: "failed", error: p.lastError, transient: true });
    } else {
      run.results.push({ unit: p.unit, result: "left", reason });
    }
  }
}

function baseOutcome(p: Pending, run: Delivery, status: Outcome["status"], error: string | null): Outcome {
  return {
    key: p.unit.key,
    attempt: p.attempt ?? 0,
    status,
    at: run.ctx.at(),
    channelId: null,
    messageTs: null,
    error,
  };
}

function sentOutcome(p: Pending, channel: string, ts: string | null, run: Delivery): Outcome {
  return { ...baseOutcome(p, run, "sent", null), channelId: channel, messageTs: ts };
}

function uncertain(p: Pending, error: string, run: Delivery): Outcome {
  return baseOutcome(p, run, "uncertain", error);
}
