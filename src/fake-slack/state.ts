// What the fake workspace knows: its people and channels, the messages posted to each conversation, and a
// clock for message timestamps.
import { FakeOAuth } from "./oauth.js";

export interface FakeUser {
  id: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
  /** The custom status, as users.info gives it under user.profile (Unix seconds; 0: never expires). */
  profile?: { status_emoji?: string; status_text?: string; status_expiration?: number };
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
  /** When it was shared into `channel` (a message ts), set by files.completeUploadExternal. */
  sharedTs?: string;
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

/** A message only one person sees: a command's answer, chat.postEphemeral, or respond() without in_channel. */
export interface FakeEphemeral {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown;
  /** The slash command it answers, as the person typed it (the playground shows it above the answer). */
  command?: string;
}

/** A view as Slack holds it: a modal on someone's stack, or their Home tab. */
export interface FakeView {
  id: string;
  /** Whose screen it is on; unknown when it was opened with a trigger the fake did not hand out. */
  user: string | undefined;
  view: Record<string, unknown>;
}

/** Where a response_url's messages go: the conversation and person of the command or click it came with. */
export interface ResponseContext {
  channel: string;
  user: string;
  /** The message a click came from, which replace_original and delete_original change. */
  messageTs?: string;
}

export const FAKE_BOT_ID = "BBOT";

/** Slack's answers to a trigger_id it will not exchange for a view (views.open, views.push). */
export type TriggerRefusal = "invalid_trigger_id" | "exchanged_trigger_id" | "expired_trigger_id";

// "Pass trigger_id to views.open within 3 s of receiving it."
export const TRIGGER_LIFETIME_MS = 3_000;

interface IssuedTrigger {
  readonly user: string;
  readonly issuedAt: number;
  exchanged: boolean;
}

export class FakeWorkspace {
  /**
   * Who the bot token is, as auth.test says; an Enterprise Grid install names its organisation, and an org-wide
   * one serves every workspace of it.
   */
  readonly identity: { teamId: string; enterpriseId?: string; orgWide?: boolean } = { teamId: "T0" };
  /** Install grants and the tokens they became (OAuth mode). */
  readonly oauth = new FakeOAuth();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly files = new Map<string, FakeFile>();
  /** The fake's own address, for the upload URLs it hands out. */
  url = "";
  /** Milliseconds since the epoch for message timestamps: the wall clock, or the playground's. */
  clock: () => number = Date.now;
  private fileCount = 0;
  /** Conversation id → its messages, oldest first. */
  readonly histories = new Map<string, FakeMessage[]>();
  readonly ephemerals: FakeEphemeral[] = [];
  /** Each person's open modals, the top one last (views.open starts a stack, views.push adds to it). */
  readonly modals = new Map<string, FakeView[]>();
  /** Each person's App Home tab, as views.publish left it. */
  readonly homes = new Map<string, FakeView>();
  /** trigger_id → who it was handed out for and when, so views.open knows whose screen the modal goes on. */
  private readonly triggers = new Map<string, IssuedTrigger>();
  private lastMicros = 0;
  private views = 0;

  /** A message timestamp on the clock, unique and increasing, as Slack's "1764650000.000100". */
  nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, this.clock() * 1_000);
    const micros = String(this.lastMicros % 1_000_000).padStart(6, "0");
    return `${Math.floor(this.lastMicros / 1_000_000)}.${micros}`;
  }

  nextFileId(): string {
    return `F${String(++this.fileCount).padStart(8, "0")}`;
  }

  nextViewId(): string {
    return `V${++this.views}`;
  }

  /**
   * A trigger_id for an interaction by `user`, as Slack puts in commands and actions. `issuedAt` (the real
   * clock's milliseconds, now by default) lets a test hand out one that is already too old, without waiting.
   */
  issueTrigger(user: string, issuedAt = Date.now()): string {
    const trigger = `${this.nextTs()}.${user}.trigger`;
    this.triggers.set(trigger, { user, issuedAt, exchanged: false });
    return trigger;
  }

  /**
   * Uses a trigger up, as views.open and views.push do: whose screen it is for, or Slack's refusal of one it
   * never handed out, one already used, or one older than 3 s — measured on the real clock, since it is the
   * bot's own delay that counts, whatever time the playground shows.
   */
  exchangeTrigger(trigger: unknown): { user: string } | { error: TriggerRefusal } {
    const issued = typeof trigger === "string" ? this.triggers.get(trigger) : undefined;
    if (!issued) return { error: "invalid_trigger_id" };
    if (issued.exchanged) return { error: "exchanged_trigger_id" };
    if (Date.now() - issued.issuedAt > TRIGGER_LIFETIME_MS) return { error: "expired_trigger_id" };
    issued.exchanged = true;
    return { user: issued.user };
  }

  /** The view with this id, wherever it is (a modal on a stack or a Home tab). */
  findView(id: unknown): FakeView | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((v) => v.id === id);
      if (found) return found;
    }
    return [...this.homes.values()].find((v) => v.id === id);
  }

  postEphemeral(message: Omit<FakeEphemeral, "ts">): FakeEphemeral {
    const stored = { ...message, ts: this.nextTs() };
    this.ephemerals.push(stored);
    return stored;
  }

  /** chat.update and respond({ replace_original }): the message's text and blocks change, its ts stays. */
  update(channel: string, ts: string, change: { text: string; blocks?: unknown }): FakeMessage | undefined {
    const message = this.histories.get(channel)?.find((m) => m.ts === ts);
    if (message) Object.assign(message, change);
    return message;
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

  /** What Slack does with a message sent to a response_url (respond()). */
  respond(context: ResponseContext, body: Record<string, unknown>): void {
    const { channel, user, messageTs } = context;
    const change = { text: String(body.text ?? ""), blocks: body.blocks };
    const ephemeral = this.ephemerals.find((m) => m.ts === messageTs && m.channel === channel);
    if (body.delete_original === true && messageTs) {
      if (ephemeral) this.ephemerals.splice(this.ephemerals.indexOf(ephemeral), 1);
      const history = this.histories.get(channel) ?? [];
      this.histories.set(
        channel,
        history.filter((m) => m.ts !== messageTs),
      );
    } else if (body.replace_original === true && messageTs) {
      if (ephemeral) Object.assign(ephemeral, change);
      else this.update(channel, messageTs, change);
    } else if (body.response_type === "in_channel") {
      this.post({ channel, ...change });
    } else {
      this.postEphemeral({ channel, user, ...change });
    }
  }

  /** Every message posted, in every conversation, oldest first within each. */
  messages(): FakeMessage[] {
    return [...this.histories.values()].flat();
  }

  /** Forgets what was posted, uploaded and opened; people and channels stay. */
  clear(): void {
    this.histories.clear();
    this.files.clear();
    this.ephemerals.length = 0;
    this.modals.clear();
    this.homes.clear();
    this.triggers.clear();
    // Timestamps follow the clock again: a playground reset also moves its clock back to the wall clock.
    this.lastMicros = 0;
  }
}
