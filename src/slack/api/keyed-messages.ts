// Messages that carry a key in their Slack message metadata, and finding them again: did a message whose
// outcome nobody wrote down reach its channel? The channel's recent history answers that, without guessing.
// The scheduler posts every message this way, its outbox key as the key (scheduler/deliver.ts).
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatMessage } from "../views/chat-message.js";
import { capMessageText } from "../views/message-text.js";
import type { WebClient } from "./client.js";
import { classifyCallFailure } from "./errors.js";

/** The metadata event type on every scheduled message; its payload is `{ key, attempt }`. */
export const DELIVERY_EVENT_TYPE = "mlops_delivery";

/** Posts `message` to `target` (a channel, or a user id for a DM) with `{ key, attempt }` in its metadata. */
export async function postKeyed(
  client: WebClient,
  target: string,
  message: ChatMessage,
  { key, attempt }: { key: string; attempt: number },
): Promise<{ channel: string; ts: string | null }> {
  const res = await client.chat.postMessage({
    channel: target,
    text: capMessageText(message.text),
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key, attempt } },
  });
  return { channel: res.channel ?? target, ts: res.ts ?? null };
}

/** History is read from this long before the claim (and after it could end): Slack's clock and the database's may differ a little. */
const HISTORY_MARGIN_MS = 2 * 60_000;
// Slack gives at most 15 messages a page, and one history call a minute, to commercially distributed apps
// outside the Marketplace. Pages of 15 serve every app alike; the window (the claim's lease, and the margin
// either side) is narrow enough that a team channel rarely has more than a page in it. Should it have, the
// second page is rate limited and the claim waits for a later tick (see scheduler/deliver.ts).
const PAGE_SIZE = 15;
const MAX_PAGES = 40;
// A 429 on history is waited out this often, and only this long, before the message is called uncertain.
const HISTORY_RETRIES = 2;
const MAX_HISTORY_WAIT_MS = 30_000;

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

/** Key → where it was found; or why the history could not be read (the messages are then uncertain). */
export type HistoryAnswer =
  | { readonly readable: true; readonly found: ReadonlyMap<string, PostedMessage> }
  | { readonly readable: false; readonly error: string };

/** When the messages may have been posted: from the earliest claim to the end of the latest claim's lease. */
export interface PostingWindow {
  readonly since: Date;
  readonly until: Date;
}

/** Looks for the messages with these keys in `target` (a channel, or a user id for the DM) within `window`. */
export async function findPosted(
  client: WebClient,
  target: string,
  keys: ReadonlySet<string>,
  window: PostingWindow,
): Promise<HistoryAnswer> {
  try {
    const channel = await conversationOf(client, target);
    return { readable: true, found: await searchHistory(client, channel, keys, window) };
  } catch (err) {
    return {
      readable: false,
      error: err instanceof TooLong ? "history_too_long" : classifyCallFailure(err).code,
    };
  }
}

class TooLong extends Error {}

/** A DM is read by its D… id; chat.postMessage took the user id. */
async function conversationOf(client: WebClient, target: string): Promise<string> {
  if (!/^[UW]/.test(target)) return target;
  const opened = await patiently(() => client.conversations.open({ users: target }));
  const id = opened.channel?.id;
  if (!id) throw new Error("conversations.open gave no channel");
  return id;
}

async function searchHistory(
  client: WebClient,
  channel: string,
  keys: ReadonlySet<string>,
  { since, until }: PostingWindow,
): Promise<Map<string, PostedMessage>> {
  const found = new Map<string, PostedMessage>();
  const oldest = slackTs(since.getTime() - HISTORY_MARGIN_MS);
  const latest = slackTs(until.getTime() + HISTORY_MARGIN_MS);
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await patiently(() =>
      client.conversations.history({
        channel,
        oldest,
        latest,
        limit: PAGE_SIZE,
        include_all_metadata: true,
        cursor,
      }),
    );
    for (const message of answer.messages ?? []) {
      const key = deliveryKeyOf(message.metadata);
      if (key !== undefined && keys.has(key) && message.ts) found.set(key, { channel, ts: message.ts });
    }
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (found.size === keys.size || !answer.has_more || !cursor) return found;
  }
  throw new TooLong();
}

function slackTs(ms: number): string {
  return (ms / 1_000).toFixed(6);
}

function deliveryKeyOf(metadata: unknown): string | undefined {
  const m = metadata as { event_type?: unknown; event_payload?: { key?: unknown } } | undefined;
  return m?.event_type === DELIVERY_EVENT_TYPE && typeof m.event_payload?.key === "string"
    ? m.event_payload.key
    : undefined;
}

/** The call, again after a short 429's Retry-After; any other failure, or a long wait, is thrown. */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await call();
    } catch (err) {
      const wait = classifyCallFailure(err).retryAfterMs;
      if (wait === undefined || wait > MAX_HISTORY_WAIT_MS || tries >= HISTORY_RETRIES) throw err;
      await sleep(wait);
    }
  }
}
