// Claims, posts and records scheduled messages: exactly once per key across processes and crashes, one
// channel at about one message a second, many channels at a time, and neither one channel's rate limit nor
// one team's failure holding up the rest. A message whose last attempt may have reached Slack is looked up
// in its channel's history before anything is posted again.
import type { Kysely } from "kysely";
import type { DeliveryRef, NewClaim, Outcome } from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import { type ClaimDecision, isTransientError, MAX_ATTEMPTS } from "../domain/delivery-policy.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import type { ChatMessage } from "../slack/views/chat-message.js";
import { LaneQueue } from "./lanes.js";
import { Ledger, OutboxUnavailable } from "./ledger.js";
import type { ChannelPacer } from "./pacer.js";
import { postScheduled } from "./post.js";
import { findPosted } from "./reconcile.js";

export type MessageKind = "prompt" | "reminder" | "team_digest" | "nudge" | "org_digest";

export interface Unit extends DeliveryRef {
  readonly group: MessageKind;
  /** A channel id, or a user id for a direct message. */
  readonly channel: string;
  readonly message: ChatMessage;
  readonly claim: ClaimDecision;
  /** Position among the messages to the same channel: the digest before its nudges before a new prompt. */
  readonly order: number;
}

/** Why a message was not tried in this tick; a later tick plans it again. */
export type LeftReason = "ratelimited" | "stopped" | "database";

export type UnitResult =
  /** Posted by this tick, or (confirmed) found already posted in the channel's history. */
  | { readonly unit: Unit; readonly result: "sent"; readonly ts: string | null; readonly confirmed: boolean }
  | { readonly unit: Unit; readonly result: "failed"; readonly error: string; readonly transient: boolean }
  /** Sent, and Slack never answered: it may be in the channel; checked in its history after the lease. */
  | { readonly unit: Unit; readonly result: "no_answer"; readonly error: string }
  /** It may have been posted and the history could not say: never posted again. */
  | { readonly unit: Unit; readonly result: "uncertain"; readonly error: string }
  /** Another process holds it. */
  | { readonly unit: Unit; readonly result: "lost" }
  /** Claimed, then given back unposted because the tick was stopping. */
  | { readonly unit: Unit; readonly result: "released" }
  /** Claimed and not posted, and the claim could not be given back: posted after the lease runs out. */
  | { readonly unit: Unit; readonly result: "held" }
  | { readonly unit: Unit; readonly result: "left"; readonly reason: LeftReason }
  /** What happened to it (sent, maybe sent, refused) could not be written down: the row stays claimed. */
  | { readonly unit: Unit; readonly result: "unrecorded"; readonly outcome: Outcome["status"] };

export interface DeliveryContext {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly slack: SlackAccess;
  readonly pacer: ChannelPacer;
  /** The tick's clock: its `now` plus the time spent so far. */
  readonly at: () => Date;
  readonly signal?: AbortSignal;
  /** Channels posted to at the same time. */
  readonly concurrency: number;
  /** DELIVERY_LEASE_SECONDS. */
  readonly leaseSeconds: number;
}

export interface DeliveryRun {
  readonly results: UnitResult[];
  /** Why the tick stopped before trying everything: asked to (a signal), or the outbox could not be written. */
  readonly stoppedBy: "signal" | "database" | null;
}

/** A channel that must wait longer than this (a 429's Retry-After) is left to a later tick. */
export const PATIENCE_MS = 20_000;
/** Tries of one message within a tick while its channel is rate limited. */
export const RATE_LIMITED_TRIES = 3;

interface Pending {
  readonly unit: Unit;
  decision: ClaimDecision;
  /** The attempt this process holds a claim for, if any, and when (performance.now()) it asked for it. */
  attempt: number | null;
  claimStarted: number;
  tries: number;
  lastError: string | null;
}

interface Lane {
  readonly teamId: string;
  readonly channel: string;
  readonly pending: Pending[];
  checked: boolean;
}

interface Delivery {
  readonly ctx: DeliveryContext;
  readonly ledger: Ledger;
  readonly results: UnitResult[];
  /** Lanes given up on for this tick (their channel stays rate limited), settled when it ends. */
  readonly givenUp: Lane[];
  stopping(): boolean;
}

export async function deliver(units: readonly Unit[], ctx: DeliveryContext): Promise<DeliveryRun> {
  const stop = new AbortController();
  const halt = () => stop.abort();
  if (ctx.signal?.aborted) halt();
  ctx.signal?.addEventListener("abort", halt, { once: true });
  const ledger = new Ledger(ctx.db, ctx.leaseSeconds, ctx.logger, halt);
  const run: Delivery = { ctx, ledger, results: [], givenUp: [], stopping: () => stop.signal.aborted };
  const lanes = byChannel(units);
  const queue = new LaneQueue(lanes, ctx.pacer, PATIENCE_MS, stop.signal);
  const worker = async () => {
    for (let lane = await queue.take(); lane !== null; lane = await queue.take()) {
      if (await step(lane, run)) queue.giveBack(lane);
      else queue.finish();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, lanes.length)) }, worker));
  ctx.signal?.removeEventListener("abort", halt);
  const stoppedBy = ledger.broken ? "database" : ctx.signal?.aborted ? "signal" : null;
  for (const lane of [...queue.deferred, ...run.givenUp]) await leave(lane, "ratelimited", run);
  const reason: LeftReason = stoppedBy === "database" ? "database" : "stopped";
  for (const lane of queue.remaining()) await leave(lane, reason, run);
  return { results: run.results, stoppedBy };
}

function byChannel(units: readonly Unit[]): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const unit of units) {
    const id = `${unit.teamId}:${unit.channel}`;
    const lane = lanes.get(id) ?? { teamId: unit.teamId, channel: unit.channel, pending: [], checked: false };
    lane.pending.push({
      unit,
      decision: unit.claim,
      attempt: null,
      claimStarted: 0,
      tries: 0,
      lastError: null,
    });
    lanes.set(id, lane);
  }
  return [...lanes.values()].map((lane) => {
    lane.pending.sort((a, b) => a.unit.order - b.unit.order);
    return lane;
  });
}

/** One piece of a lane's work; true when the lane has more (settled when the tick ends, if it is stopping). */
async function step(lane: Lane, run: Delivery): Promise<boolean> {
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

/** Takes over the lane's abandoned claims and looks for their messages in the channel, before posting any. */
async function checkHistory(lane: Lane, run: Delivery): Promise<void> {
  lane.checked = true;
  const abandoned = lane.pending.filter((p) => p.decision.mode === "reconcile");
  if (abandoned.length === 0) return;
  const claims = await Promise.allSettled(abandoned.map((p) => claim(lane, p, run)));
  const failed = claims.find((c) => c.status === "rejected");
  if (failed) throw failed.reason;
  const byTarget = new Map<string, Pending[]>();
  for (const p of abandoned) {
    if (p.attempt === null || p.decision.mode !== "reconcile") continue;
    const target = p.decision.channelId ?? p.unit.channel;
    byTarget.set(target, [...(byTarget.get(target) ?? []), p]);
  }
  const client = await run.ctx.slack.forScheduler(lane.teamId);
  for (const [target, items] of byTarget) {
    const since = new Date(
      Math.min(...items.map((p) => (p.decision as { claimedAt: Date }).claimedAt.getTime())),
    );
    const answer = await findPosted(client, target, new Set(items.map((p) => p.unit.key)), since);
    for (const p of items) {
      const posted = answer.readable ? answer.found.get(p.unit.key) : undefined;
      if (!answer.readable) await settle(lane, p, run, uncertain(p, `history: ${answer.error}`, run));
      else if (posted) await settle(lane, p, run, sentOutcome(p, posted.channel, posted.ts, run), true);
    }
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
    await settle(lane, p, run, sentOutcome(p, posted.channel, posted.ts, run));
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
    await settle(lane, p, run, outcome);
    return;
  }
  run.ctx.pacer.rateLimited(lane.teamId, lane.channel, failure.retryAfterMs);
  if (p.tries + 1 < RATE_LIMITED_TRIES && p.attempt < MAX_ATTEMPTS)
    return retryLater(lane, p, outcome, run, true);
  await settle(lane, p, run, outcome);
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

/** Writes the outcome, reports it and takes the message off the lane. */
async function settle(
  lane: Lane,
  p: Pending,
  run: Delivery,
  outcome: Outcome,
  confirmed = false,
): Promise<void> {
  lane.pending.splice(lane.pending.indexOf(p), 1);
  if (!(await run.ledger.record(outcome))) {
    run.results.push({ unit: p.unit, result: "unrecorded", outcome: outcome.status });
    return;
  }
  run.results.push(resultOf(p.unit, outcome, confirmed));
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
async function leave(lane: Lane, reason: LeftReason, run: Delivery): Promise<void> {
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
