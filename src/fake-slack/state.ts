// What the fake workspace knows: its people and channels, the messages posted to each conversation, and a
// clock for message timestamps.

export interface FakeUser {
  id: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
  /** In an Enterprise Grid org: the person's org-level roles, as users.info gives them. */
  enterprise_user?: { id: string; enterprise_id: string; is_admin?: boolean; is_owner?: boolean };
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** Who is in it, as conversations.members lists them. */
  members?: string[];
}

/** A file as files.uploadV2 sends it: announced, uploaded, then completed into a channel. */
export interface FakeFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  content: Buffer | undefined;
  title?: string;
  channel?: string;
  initialComment?: string;
}

/** A message as conversations.history gives it back. */
export interface FakeMessage {
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

import { FakeOAuth } from "./oauth.js";

export const FAKE_BOT_ID = "BBOT";

export class FakeWorkspace {
  /** Who the bot token is, as auth.test says; an Enterprise Grid install names its organisation. */
  readonly identity: { teamId: string; enterpriseId?: string } = { teamId: "T0" };
  /** Install grants and the tokens they became (OAuth mode). */
  readonly oauth = new FakeOAuth();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly files = new Map<string, FakeFile>();
  /** The fake's own address, for the upload URLs it hands out. */
  url = "";
  private fileCount = 0;
  /** Conversation id → its messages, oldest first. */
  readonly histories = new Map<string, FakeMessage[]>();
  private lastMicros = 0;
  private views = 0;

  /** A message timestamp on the real clock, unique and increasing, as Slack's "1764650000.000100". */
  nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, Date.now() * 1_000);
    const micros = String(this.lastMicros % 1_000_000).padStart(6, "0");
    return `${Math.floor(this.lastMicros / 1_000_000)}.${micros}`;
  }

  nextFileId(): string {
    return `F${String(++this.fileCount).padStart(8, "0")}`;
  }

  nextViewId(): string {
    return `V${++this.views}`;
  }

  /** Where a message to `channel` lands: a user id (U…, W…) means the app's direct message with them. */
  conversationOf(channel: string): string {
    return /^[UW]/.test(channel) ? `D${channel}` : channel;
  }

  post(message: Omit<FakeMessage, "ts" | "bot_id">): FakeMessage {
    const stored = { ...message, ts: this.nextTs(), bot_id: FAKE_BOT_ID };
    const history = this.histories.get(message.channel) ?? [];
    history.push(stored);
    this.histories.set(message.channel, history);
    return stored;
  }

  /** Every message posted, in every conversation, oldest first within each. */
  messages(): FakeMessage[] {
    return [...this.histories.values()].flat();
  }

  /** Forgets what was posted and uploaded; people and channels stay. */
  clear(): void {
    this.histories.clear();
    this.files.clear();
  }
}
