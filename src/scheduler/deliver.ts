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
import { findPosted, type HistoryAnswer, postKeyed } from "../slack/api/keyed-messages.js";
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
  | { readonly unit: Unit; readonly result: "sent"; readonly confirmed: boolean }
  /** Slack refused it; a later tick tries a `transient` failure again while its round lasts. */
  | { readonly unit: Unit; readonly result: "failed"; readonly error: string; readonly transient: boolean }
  /** It may be in the channel (no clear answer, or none written down): the history settles it after the lease. */
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

/** Each channel's messages (a lane), in the order they go out: the digest before its nudges before a prompt. */
function byChannel(units: readonly Unit[]): Unit[][] {
  return [...groupBy(units, (u) => `${u.teamId}:${u.channel}`).values()].map((lane) =>
    lane.sort((a, b) => a.order - b.order),
  );
}

/** Tries of one message within a tick while its channel is rate limited. */
export const RATE_LIMITED_TRIES = 3;
/** A channel that must wait longer than this (a 429's Retry-After) is left to a later tick. */
export const PATIENCE_MS = 20_000;

interface LaneRun extends DeliveryContext {
  readonly ledger: Ledger;
  /** How many lanes may talk to Slack at once (the tick's concurrency). */
  readonly slots: Slots;
  /** Aborted by the tick's signal, or by the ledger once a write fails. */
  readonly stop: AbortSignal;
}

/** How one message ended; `halt`: the rest of the lane is left, for this reason. */
type Step = { readonly result: Promise<UnitResult>; readonly halt?: LeftReason };

/** Each message in its turn; once one halts the lane, the rest are left for a later tick. */
async function workLane(lane: readonly Unit[], run: LaneRun): Promise<UnitResult[]> {
  const results: Promise<UnitResult>[] = [];
  let halt: LeftReason | undefined;
  for (const unit of lane) {
    const step = halt ? { result: left(unit, halt), halt } : await sendOne(unit, run);
    results.push(step.result);
    halt = step.halt;
  }
  return Promise.all(results);
}

/**
 * Claims, posts and records one message. An abandoned claim (its process stopped) is first looked for in the
 * history of the channel its attempt posted to, then taken over: found, it is recorded as sent; the history
 * unreadable, uncertain (never posted again); absent, posted. When Slack rate limits the read (distributed
 * apps may read once a minute), the claim is left as it is, lease run out, for a later tick to look again.
 * After a 429 the claim is given back (written down as refused) and the message claimed again once the
 * channel is ready, up to RATE_LIMITED_TRIES; then the rest of the lane waits for a later tick. A claim that
 * took over half its lease is given back unposted.
 */
async function sendOne(unit: Unit, run: LaneRun): Promise<Step> {
  let seen = unit.claim.mode === "insert" ? 0 : unit.claim.attempts;
  for (let tries = 1; ; tries++) {
    // Stopped after a 429 gave its claim back, the message is failed (ratelimited), as its row says.
    const refused = { unit, result: "failed", error: "ratelimited", transient: true } as const;
    const stopped = (halt: LeftReason, attempt: number | null = null) => ({
      result: tries > 1 && attempt === null ? Promise.resolve(refused) : giveBack(unit, attempt, halt, run),
      halt,
    });
    const slot = await turn(unit, run);
    if (typeof slot === "string") return stopped(slot);
    try {
      const history = tries === 1 ? await lookUp(unit, run) : null;
      if (history?.readable === false && history.error === "ratelimited") return stopped("ratelimited");
      const started = performance.now();
      const attempt = await run.ledger.claim({ ...unit, seen });
      if (attempt === null) return { result: Promise.resolve({ unit, result: "lost" }) };
      if (attempt === "broken") return stopped("database");
      if (history?.readable === false) {
        const uncertain = outcomeOf(unit, attempt, run, "uncertain", `history: ${history.error}`);
        return { result: record(unit, uncertain, run) };
      }
      const posted = history?.found.get(unit.key);
      if (posted)
        return { result: record(unit, outcomeOf(unit, attempt, run, "sent", null, posted), run, true) };
      if (run.stop.aborted) return stopped(stopReason(run), attempt);
      if (performance.now() - started > (run.leaseSeconds * 1_000) / 2) return stopped("database", attempt);
      const { outcome, retryAfterMs } = await post(unit, attempt, run);
      if (retryAfterMs === undefined) return { result: record(unit, outcome, run) };
      run.pacer.rateLimited(unit.teamId, unit.channel, retryAfterMs);
      const written = await record(unit, outcome, run);
      if (written.result !== "failed") return { result: Promise.resolve(written), halt: stopReason(run) };
      if (tries >= RATE_LIMITED_TRIES || attempt >= MAX_ATTEMPTS)
        return { result: Promise.resolve(written), halt: "ratelimited" };
      seen = attempt;
    } finally {
      slot();
    }
  }
}

/** Where an abandoned claim's message is, if anywhere; null for a message nobody has tried yet. */
async function lookUp(unit: Unit, run: LaneRun): Promise<HistoryAnswer | null> {
  if (unit.claim.mode !== "reconcile") return null;
  const { claimedAt, channelId } = unit.claim;
  // From the claim to the end of its lease: no abandoned post can be outside it.
  const window = { since: claimedAt, until: new Date(claimedAt.getTime() + run.leaseSeconds * 1_000) };
  const answer = await run.slack.forScheduler(unit.teamId).then(
    (client) => findPosted(client, channelId || unit.channel, new Set([unit.key]), window),
    (err: unknown) => ({ readable: false, error: classifyCallFailure(err).code }) as const,
  );
  if (!answer.readable && answer.error === "ratelimited")
    run.logger.info({ key: unit.key }, "channel history rate limited: a later tick looks again");
  return answer;
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
async function turn({ teamId, channel }: Unit, run: LaneRun): Promise<(() => void) | LeftReason> {
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
 * Writes the outcome; the lane goes on meanwhile (the write is group-committed with others'). Should it fail,
 * the row keeps this attempt's claim: once its lease runs out, a tick looks in the channel's history.
 */
async function record(unit: Unit, outcome: Outcome, run: LaneRun, confirmed = false): Promise<UnitResult> {
  if (!(await run.ledger.record(outcome)))
    return { unit, result: "in_doubt", error: `not recorded (Slack's answer: ${outcome.status})` };
  const error = outcome.error ?? "unknown_error";
  switch (outcome.status) {
    case "sent":
      return { unit, result: "sent", confirmed };
    case "failed":
      return { unit, result: "failed", error, transient: isTransientError(error) };
    case "no_answer":
      return { unit, result: "in_doubt", error };
    case "uncertain":
      return { unit, result: "uncertain", error };
  }
}

/** A message the lane stops before finishing: a claim it holds given back, else left for a later tick. */
async function giveBack(
  unit: Unit,
  attempt: number | null,
  halt: LeftReason,
  run: LaneRun,
): Promise<UnitResult> {
  if (attempt === null) return left(unit, halt);
  const given = await run.ledger.record(outcomeOf(unit, attempt, run, "failed", "interrupted"));
  return given ? left(unit, halt) : { unit, result: "in_doubt", error: "claim not given back" };
}

async function left(unit: Unit, reason: LeftReason): Promise<UnitResult> {
  return { unit, result: "left", reason };
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
