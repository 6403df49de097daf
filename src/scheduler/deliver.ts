// Claims, posts and records scheduled messages: exactly once per key across processes and crashes, one
// channel at about one message a second, many channels at a time, and neither one channel's rate limit nor
// one team's failure holding up the rest. A message whose last attempt may have reached Slack is looked up
// in its channel's history before anything is posted again.
import { setMaxListeners } from "node:events";
import type { Kysely } from "kysely";
import type { DeliveryRef } from "../db/deliveries.js";
import type { Database } from "../db/schema.js";
import type { ClaimDecision } from "../domain/delivery-policy.js";
import { groupBy } from "../domain/group-by.js";
import type { Logger } from "../logger.js";
import type { SlackAccess } from "../slack/api/client.js";
import type { ChatMessage } from "../slack/views/chat-message.js";
import { Slots } from "../slots.js";
import { type Lane, type LaneRun, workLane } from "./lane.js";
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

export { PATIENCE_MS, RATE_LIMITED_TRIES } from "./lane.js";

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
