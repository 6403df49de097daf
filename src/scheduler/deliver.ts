// Claims, posts and records scheduled messages: exactly once per key across processes and crashes, one
// channel at about one message a second, many channels at a time, and neither one channel's rate limit nor
// one team's failure holding up the rest. Each channel's messages (a "lane") are worked in order by one plain
// async function, every lane at once. A lane waits for its channel (pacer.ts) outside any slot, so a channel
// that must wait never holds up the others; it claims only once it holds a slot, so no claim is held while
// waiting (claims have a lease). A message whose last attempt may have reached Slack is looked up in its
// channel's history before anything is posted again.
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import type { DeliveryRef, Outcome } from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import { type ClaimDecision, isTransientError, MAX_ATTEMPTS } from "../domain/delivery-policy.js";
import { groupBy } from "../domain/group-by.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import { classifyCallFailure } from "../slack/api/errors.js";
import { findPosted, postKeyed } from "../slack/api/keyed-messages.js";
import type { ChatMessage } from "../slack/views/chat-message.js";
import { Slots } from "../slots.js";
import { Ledger } from "./ledger.js";
import type { ChannelPacer } from "./pacer.js";

export interface Unit extends DeliveryRef {
  /** A channel id, or a user id for a direct message. */
  readonly channel: string;
  readonly message: ChatMessage;
  readonly claim: ClaimDecision;
  /** Position among the messages to the same channel: the digest before its nudges before a new prompt. */
  readonly order: number;
}

/** Why a message was not posted in this tick; a later tick plans it again. */
export type LeftReason = "ratelimited" | "stopped" | "database";

export type UnitResult =
  /** Posted by this tick, or (confirmed) found already posted in the channel's history. */
  | { readonly unit: Unit; readonly result: "sent"; readonly ts: string | null; readonly confirmed: boolean }
  /** Slack refused it; a later tick tries a `transient` failure again while its round lasts. */
  | { readonly unit: Unit; readonly result: "failed"; readonly error: string; readonly transient: boolean }
  /**
   * It may be in the channel (Slack never answered, or what it answered could not be written down): it stays
   * claimed, and once the lease runs out a tick looks for it in the channel's history before posting it.
   */
  | { readonly unit: Unit; readonly result: "in_doubt"; readonly error: string }
  /** It may have been posted and the history could not say: never posted again. */
  | { readonly unit: Unit; readonly result: "uncertain"; readonly error: string }
  /** Another process holds it. */
  | { readonly unit: Unit; readonly result: "lost" }
  /** Not posted in this tick, and any claim on it given back. */
  | { readonly unit: Unit; readonly result: "left"; readonly reason: LeftReason };

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

/** Every channel's lane at once, each in order; at most `concurrency` of them talking to Slack at a time. */
export async function deliver(units: readonly Unit[], ctx: DeliveryContext): Promise<DeliveryRun> {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every lane waiting for its channel listens to it
  const halt = () => stop.abort();
  if (ctx.signal?.aborted) halt();
  ctx.signal?.addEventListener("abort", halt, { once: true });
  const ledger = new Ledger(ctx.db, ctx.leaseSeconds, ctx.logger, halt);
  const run: LaneRun = { ...ctx, ledger, slots: new Slots(ctx.concurrency), stop: stop.signal };
  try {
    const results = await Promise.all(byChannel(units).map((lane) => workLane(lane, run)));
    const stoppedBy = ledger.broken ? "database" : ctx.signal?.aborted ? "signal" : null;
    return { results: results.flat(), stoppedBy };
  } finally {
    ctx.signal?.removeEventListener("abort", halt);
  }
}

function byChannel(units: readonly Unit[]): Lane[] {
  return [...groupBy(units, (u) => `${u.teamId}:${u.channel}`).values()].map((lane) => {
    const { teamId, channel } = lane[0] as Unit;
    return { teamId, channel, units: lane.sort((a, b) => a.order - b.order) };
  });
}

/** Tries of one message within a tick while its channel is rate limited. */
export const RATE_LIMITED_TRIES = 3;
/** A channel that must wait longer than this (a 429's Retry-After) is left to a later tick. */
export const PATIENCE_MS = 20_000;

interface Lane {
  readonly teamId: string;
  readonly channel: string;
  /** In the order they go out: the digest before its nudges before a new prompt. */
  readonly units: readonly Unit[];
}

interface LaneRun extends DeliveryContext {
  readonly ledger: Ledger;
  /** How many lanes may talk to Slack at once (the tick's concurrency). */
  readonly slots: Slots;
  /** Aborted by the tick's signal, or by the ledger once a write fails. */
  readonly stop: AbortSignal;
}

/** A claim this process holds and has not posted on, and when (performance.now()) it asked for it. */
interface Claim {
  readonly attempt: number;
  readonly started: number;
}

type Result = Promise<UnitResult>;

/** How one message ended; `halt`: the rest of the lane is left, for this reason. */
interface Step {
  readonly result: Result;
  readonly halt?: LeftReason;
}

/** Abandoned claims first (looked up in the channel's history), then each message in order. */
async function workLane(lane: Lane, run: LaneRun): Promise<UnitResult[]> {
  const { settled, held, halt } = await checkHistory(lane, run);
  const results: Result[] = [];
  let stop = halt;
  for (const unit of lane.units) {
    const claim = held.get(unit.key) ?? null;
    const done = settled.get(unit.key);
    if (done) results.push(done);
    else if (stop) results.push(giveBack(unit, claim, stop, run));
    else {
      const step = await sendOne(unit, claim, lane, run);
      results.push(step.result);
      stop = step.halt;
    }
  }
  return Promise.all(results);
}

/**
 * Claims, posts and records one message. After a 429 the claim is given back (written down as refused) and
 * the message claimed again once the channel is ready, up to RATE_LIMITED_TRIES; then the rest of the lane
 * waits for a later tick. A claim that took over half its lease is given back, for a later tick, unposted.
 */
async function sendOne(unit: Unit, held: Claim | null, lane: Lane, run: LaneRun): Promise<Step> {
  let claim = held;
  let seen = seenAttempts(unit.claim);
  let tries = 0;
  const stopped = (halt: LeftReason) => ({ result: giveBack(unit, claim, halt, run, tries > 1), halt });
  for (;;) {
    tries++;
    const slot = await turn(lane, run);
    if (typeof slot === "string") return stopped(slot);
    try {
      if (claim === null) {
        const started = performance.now();
        const attempt = await run.ledger.claim({ ...unit, seen });
        if (attempt === null) return { result: Promise.resolve({ unit, result: "lost" }) };
        if (attempt === "broken") return stopped("database");
        claim = { attempt, started };
      }
      if (run.stop.aborted) return stopped(stopReason(run));
      if (performance.now() - claim.started > (run.leaseSeconds * 1_000) / 2) return stopped("database");
      const { outcome, retryAfterMs } = await post(unit, claim.attempt, run);
      if (retryAfterMs === undefined) return { result: record(unit, outcome, run) };
      run.pacer.rateLimited(unit.teamId, unit.channel, retryAfterMs);
      const refused = await record(unit, outcome, run);
      if (refused.result !== "failed") return { result: Promise.resolve(refused), halt: stopReason(run) };
      if (tries >= RATE_LIMITED_TRIES || claim.attempt >= MAX_ATTEMPTS)
        return { result: Promise.resolve(refused), halt: "ratelimited" };
      seen = claim.attempt;
      claim = null;
    } finally {
      slot();
    }
  }
}

function seenAttempts(decision: ClaimDecision): number {
  return decision.mode === "insert" ? 0 : decision.attempts;
}

/** Posts with the outbox key and attempt in the message's metadata, so its channel's history can vouch for it. */
async function post(unit: Unit, attempt: number, run: LaneRun) {
  run.pacer.book(unit.teamId, unit.channel);
  try {
    const client = await run.slack.forScheduler(unit.teamId);
    const posted = await postKeyed(client, unit.channel, unit.message, { key: unit.key, attempt });
    return { outcome: outcomeOf(unit, attempt, run, "sent", null, posted) };
  } catch (err) {
    const failure = classifyCallFailure(err);
    const maybe = failure.delivered === "maybe";
    run.logger.warn(
      { key: unit.key, channel: unit.channel, error: failure.code, attempt },
      maybe ? "scheduled message: no clear answer from Slack" : "scheduled message failed",
    );
    const outcome = outcomeOf(unit, attempt, run, maybe ? "no_answer" : "failed", failure.code);
    return { outcome, retryAfterMs: failure.retryAfterMs };
  }
}

/**
 * Waits until the channel may take a message (outside any slot), then for a slot; the slot's release, or why
 * the lane stops instead: a wait beyond PATIENCE_MS, or the tick stopping.
 */
async function turn({ teamId, channel }: Lane, run: LaneRun): Promise<(() => void) | LeftReason> {
  for (;;) {
    if (run.stop.aborted) return stopReason(run);
    const wait = run.pacer.readyAt(teamId, channel) - run.pacer.now();
    if (wait > PATIENCE_MS) return "ratelimited";
    if (wait > 0) {
      await sleep(Math.max(1, wait), undefined, { signal: run.stop }).catch(() => undefined);
      continue;
    }
    const release = await run.slots.take();
    // Waiting for the slot, the tick may have stopped, or the workspace been told to hold (a 429).
    if (!run.stop.aborted && run.pacer.readyAt(teamId, channel) <= run.pacer.now()) return release;
    release();
  }
}

function stopReason(run: LaneRun): LeftReason {
  return run.ledger.broken ? "database" : "stopped";
}

/**
 * Looks for the lane's abandoned claims in the channel's history, then takes them over, before posting any:
 * found, recorded as sent; the history unreadable, uncertain; absent, held to be posted in their turn. When
 * Slack rate limits the read (distributed apps may read once a minute), the claims are left as they are,
 * lease run out and claim time kept, for a later tick to look again. Never posted.
 */
async function checkHistory(lane: Lane, run: LaneRun) {
  const settled = new Map<string, Result>();
  const held = new Map<string, Claim>();
  const abandoned = lane.units.filter((u) => u.claim.mode === "reconcile");
  if (abandoned.length === 0) return { settled, held };
  const slot = await turn(lane, run);
  if (typeof slot === "string") return { settled, held, halt: slot };
  try {
    const client = await run.slack.forScheduler(lane.teamId);
    // A takeover reads the history of the channel its abandoned attempt posted to.
    const targets = groupBy(
      abandoned,
      (u) => (u.claim.mode === "reconcile" && u.claim.channelId) || u.channel,
    );
    for (const [target, units] of targets) {
      const answer = await findPosted(client, target, new Set(units.map((u) => u.key)), window(units, run));
      if (!answer.readable && answer.error === "ratelimited") {
        run.logger.info(
          { channel: lane.channel, keys: units.map((u) => u.key) },
          "channel history rate limited: messages in doubt are checked again by a later tick",
        );
        for (const unit of units)
          settled.set(unit.key, Promise.resolve({ unit, result: "left", reason: "ratelimited" }));
        continue;
      }
      for (const unit of units) {
        const started = performance.now();
        const attempt = await run.ledger.claim({ ...unit, seen: seenAttempts(unit.claim) });
        if (attempt === "broken") return { settled, held, halt: "database" as const };
        const posted = answer.readable ? answer.found.get(unit.key) : undefined;
        if (attempt === null) settled.set(unit.key, Promise.resolve({ unit, result: "lost" }));
        else if (posted)
          settled.set(unit.key, record(unit, outcomeOf(unit, attempt, run, "sent", null, posted), run, true));
        else if (answer.readable) held.set(unit.key, { attempt, started });
        else
          settled.set(
            unit.key,
            record(unit, outcomeOf(unit, attempt, run, "uncertain", `history: ${answer.error}`), run),
          );
      }
    }
  } finally {
    slot();
  }
  return { settled, held };
}

/** From the earliest claim to the end of the latest claim's lease: no abandoned post can be outside it. */
function window(units: readonly Unit[], run: LaneRun) {
  const times = units.map((u) => (u.claim as { claimedAt: Date }).claimedAt.getTime());
  return {
    since: new Date(Math.min(...times)),
    until: new Date(Math.max(...times) + run.leaseSeconds * 1_000),
  };
}

/**
 * Writes the outcome; the lane goes on meanwhile (the write is group-committed with others'). Should it fail,
 * the row keeps this attempt's claim: once its lease runs out, a tick looks in the channel's history.
 */
async function record(unit: Unit, outcome: Outcome, run: LaneRun, confirmed = false): Promise<UnitResult> {
  if (!(await run.ledger.record(outcome)))
    return { unit, result: "in_doubt", error: `not recorded (Slack's answer: ${outcome.status})` };
  const error = outcome.error ?? "unknown_error";
  switch (outcome.status) {
    case "sent":
      return { unit, result: "sent", ts: outcome.messageTs, confirmed };
    case "failed":
      return { unit, result: "failed", error, transient: isTransientError(error) };
    case "no_answer":
      return { unit, result: "in_doubt", error };
    case "uncertain":
      return { unit, result: "uncertain", error };
  }
}

/**
 * A message the lane stops before finishing: a claim it holds given back, else left for a later tick — or,
 * `refused` by a 429 in this tick, failed (ratelimited) as its row says.
 */
async function giveBack(
  unit: Unit,
  claim: Claim | null,
  reason: LeftReason,
  run: LaneRun,
  refused = false,
): Promise<UnitResult> {
  if (refused && claim === null)
    return { unit, result: "failed", error: "ratelimited", transient: true } as const;
  if (claim === null) return { unit, result: "left", reason } as const;
  const given = await run.ledger.record(outcomeOf(unit, claim.attempt, run, "failed", "interrupted"));
  return given
    ? ({ unit, result: "left", reason } as const)
    : ({ unit, result: "in_doubt", error: "claim not given back" } as const);
}

function outcomeOf(
  unit: Unit,
  attempt: number,
  run: LaneRun,
  status: Outcome["status"],
  error: string | null,
  posted?: { channel: string; ts: string | null },
): Outcome {
  const where = { channelId: posted?.channel ?? null, messageTs: posted?.ts ?? null };
  return { key: unit.key, attempt, status, at: run.at(), ...where, error };
}
