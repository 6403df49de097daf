// Claims, posts and records scheduled messages: exactly once per key across processes, one channel at
// about one message a second, many channels at a time, and one failure never stopping the rest.
import type { Kysely } from "kysely";
import {
  claimNew,
  type DeliveryRef,
  type Outcome,
  reclaim,
  recordOutcomes,
  releaseClaims,
} from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import type { ClaimDecision } from "../domain/delivery-policy.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import { slackErrorCode } from "../slack/api/errors.js";
import type { ChatMessage } from "../slack/views/chat-message.js";
import { OutcomeRecorder } from "./outcomes.js";
import type { ChannelPacer } from "./pacer.js";
import { batches, mapPool } from "./pool.js";

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

/** sent/failed: this process posted it; lost: another process claimed it first; released: stopped before posting. */
export type UnitResult =
  | { readonly unit: Unit; readonly result: "sent"; readonly ts: string | null }
  | { readonly unit: Unit; readonly result: "failed"; readonly error: string }
  | { readonly unit: Unit; readonly result: "lost" | "released" };

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
}

/** Messages claimed in one statement; at the start of the batch they wait seconds, never minutes, to be posted. */
export const CLAIM_BATCH = 500;

export async function deliver(units: readonly Unit[], ctx: DeliveryContext): Promise<UnitResult[]> {
  const recorder = new OutcomeRecorder(
    (outcomes) => recordOutcomes(ctx.db, outcomes),
    (err, batch) =>
      ctx.logger.error(
        { err, keys: batch.map((o) => o.key) },
        "could not record outcomes: these messages stay claimed and may be posted again after the claim timeout",
      ),
  );
  const results: UnitResult[] = [];
  try {
    // Claims are taken batch by batch, just before posting, so a claim never waits long enough to look abandoned.
    for (const batch of batches(byChannel(units), CLAIM_BATCH)) {
      if (ctx.signal?.aborted) break; // unclaimed: the next tick takes them
      const won = await claim(ctx, batch.flat());
      const done = await mapPool(batch, ctx.concurrency, (lane) => runLane(lane, won, ctx, recorder));
      results.push(...done.flat());
    }
  } finally {
    await recorder.flush();
  }
  return results;
}

function byChannel(units: readonly Unit[]): Unit[][] {
  const lanes = new Map<string, Unit[]>();
  for (const unit of units) {
    const lane = lanes.get(unit.channel);
    if (lane) lane.push(unit);
    else lanes.set(unit.channel, [unit]);
  }
  return [...lanes.values()].map((lane) => lane.sort((a, b) => a.order - b.order));
}

/** Key → attempt number for the units this process won. */
async function claim(ctx: DeliveryContext, units: readonly Unit[]): Promise<Map<string, number>> {
  const fresh = units.filter((u) => u.claim.mode === "insert");
  const retried = units.flatMap((u) =>
    u.claim.mode === "reclaim" ? [{ key: u.key, attempts: u.claim.attempts }] : [],
  );
  const at = ctx.at();
  const won = new Map<string, number>();
  for (const key of await claimNew(ctx.db, fresh, at)) won.set(key, 1);
  const seen = new Map(retried.map((r) => [r.key, r.attempts]));
  for (const key of await reclaim(ctx.db, retried, at)) won.set(key, (seen.get(key) ?? 0) + 1);
  return won;
}

async function runLane(
  lane: readonly Unit[],
  won: ReadonlyMap<string, number>,
  ctx: DeliveryContext,
  recorder: OutcomeRecorder,
): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  const released: { key: string; attempt: number }[] = [];
  for (const unit of lane) {
    const attempt = won.get(unit.key);
    if (attempt === undefined) results.push({ unit, result: "lost" });
    else if (ctx.signal?.aborted) {
      released.push({ key: unit.key, attempt });
      results.push({ unit, result: "released" });
    } else {
      await ctx.pacer.wait(unit.channel);
      const outcome = await post(unit, attempt, ctx);
      recorder.add(outcome);
      results.push(
        outcome.status === "sent"
          ? { unit, result: "sent", ts: outcome.messageTs }
          : { unit, result: "failed", error: outcome.error ?? "unknown_error" },
      );
    }
  }
  if (released.length > 0) await releaseClaims(ctx.db, released, ctx.at());
  return results;
}

/** One message, one try/catch: whatever Slack answers becomes an outcome, never an exception. */
async function post(unit: Unit, attempt: number, ctx: DeliveryContext): Promise<Outcome> {
  const base = { key: unit.key, attempt, channelId: unit.channel };
  try {
    const client = await ctx.slack.forWorkspace(unit.teamId);
    const res = await client.chat.postMessage({
      channel: unit.channel,
      text: unit.message.text,
      blocks: unit.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    ctx.logger.debug({ key: unit.key, channel: unit.channel }, "scheduled message posted");
    return {
      ...base,
      status: "sent",
      at: ctx.at(),
      channelId: res.channel ?? unit.channel,
      messageTs: res.ts ?? null,
      error: null,
    };
  } catch (err) {
    const error = slackErrorCode(err);
    ctx.logger.warn(
      { err, key: unit.key, channel: unit.channel, error, attempt },
      "scheduled message failed",
    );
    return { ...base, status: "failed", at: ctx.at(), messageTs: null, error };
  }
}
