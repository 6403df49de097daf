// One scheduled message to Slack, once: whatever Slack answers becomes a value, never an exception.
import type { DeliveryRef } from "../db/deliveries.js";
import type { SlackAccess } from "../slack/api/client.js";
import { type CallFailure, classifyCallFailure } from "../slack/api/errors.js";
import type { ChatMessage } from "../slack/views/chat-message.js";
import { capMessageText } from "../slack/views/message-text.js";
import { DELIVERY_EVENT_TYPE } from "./reconcile.js";

export interface Postable extends DeliveryRef {
  /** A channel id, or a user id for a direct message. */
  readonly channel: string;
  readonly message: ChatMessage;
}

export type PostResult =
  | { readonly ok: true; readonly channel: string; readonly ts: string | null }
  | { readonly ok: false; readonly failure: CallFailure };

/** Posts with the outbox key and attempt in the message's metadata, so its channel's history can vouch for it. */
export async function postScheduled(
  slack: SlackAccess,
  unit: Postable,
  attempt: number,
): Promise<PostResult> {
  try {
    const client = await slack.forScheduler(unit.teamId);
    const res = await client.chat.postMessage({
      channel: unit.channel,
      text: capMessageText(unit.message.text),
      blocks: unit.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: unit.key, attempt } },
    });
    return { ok: true, channel: res.channel ?? unit.channel, ts: res.ts ?? null };
  } catch (err) {
    return { ok: false, failure: classifyCallFailure(err) };
  }
}
