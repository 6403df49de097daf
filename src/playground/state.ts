// What the page shows one person: the conversations they can see, each with the messages they see in it
// (everyone's, and the ones only they see), their open modal, their Home tab, and what Slack refused.
import type { FakeSlack } from "../fake-slack/server.js";
import { DEMO_PEOPLE, DIGEST_CHANNEL } from "./demo.js";

export const BANNER =
  "Local playground: the real bot against a Slack stand-in on this computer. Nothing here reaches Slack.";

export interface ShownFile {
  readonly name: string;
  readonly title: string;
  /** "4.4 KB", as Slack's file card says it. */
  readonly size: string;
  /** Where the page downloads the bytes the bot uploaded. */
  readonly url: string;
}

export interface ShownMessage {
  readonly ts: string;
  readonly text: string;
  readonly blocks: unknown;
  /** Only this person sees it. */
  readonly ephemeral: boolean;
  readonly command?: string;
  /** A file shared with the message, drawn as Slack's file card. */
  readonly file?: ShownFile;
}

/** Where the page downloads a file the bot uploaded (routes.ts serves it). */
export const fileUrl = (id: string) => `/playground/files/${encodeURIComponent(id)}`;

/** Files shared into a conversation (an export), shown as Slack shows a file share: the comment, then the file. */
function sharedFiles(slack: FakeSlack, conversation: string): ShownMessage[] {
  return [...slack.workspace.files.values()]
    .filter((f) => f.channel === conversation && f.sharedTs !== undefined)
    .map((f) => ({
      ts: f.sharedTs ?? "0",
      text: f.initialComment ?? "",
      blocks: f.initialComment ? [{ type: "section", text: { type: "mrkdwn", text: f.initialComment } }] : [],
      ephemeral: false,
      file: { name: f.filename, title: f.title ?? f.filename, size: lengthOf(f.content), url: fileUrl(f.id) },
    }));
}

function lengthOf(content: Buffer | undefined): string {
  const bytes = content?.length ?? 0;
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function playgroundState(slack: FakeSlack, now: Date, userId: string) {
  const { workspace } = slack;
  const channels = [...workspace.channels.values()]
    .filter((c) => c.members?.includes(userId))
    .map((c) => ({ id: c.id, name: c.name, digest: c.id === DIGEST_CHANNEL.id }));
  const dm = `D${userId}`;
  const conversations = [...channels.map((c) => c.id), dm];
  const messages: Record<string, ShownMessage[]> = {};
  for (const id of conversations) {
    const posted = (workspace.histories.get(id) ?? []).map((m) => ({
      ts: m.ts,
      text: m.text,
      blocks: m.blocks,
      ephemeral: false,
    }));
    const own = workspace.ephemerals
      .filter((m) => m.channel === id && m.user === userId)
      .map((m) => ({ ts: m.ts, text: m.text, blocks: m.blocks, ephemeral: true, command: m.command }));
    messages[id] = [...posted, ...own, ...sharedFiles(slack, id)].sort((a, b) => Number(a.ts) - Number(b.ts));
  }
  const modal = workspace.modals.get(userId)?.at(-1);
  const home = workspace.homes.get(userId);
  return {
    banner: BANNER,
    now: now.toISOString(),
    user: userId,
    people: DEMO_PEOPLE.map((p) => ({ id: p.id, name: p.name, admin: p.admin ?? false })),
    channels: [...workspace.channels.values()].map((c) => ({ id: c.id, name: c.name })),
    joined: channels,
    dm,
    messages,
    modal: modal ? { id: modal.id, view: modal.view } : null,
    home: home ? { id: home.id, view: home.view } : null,
    refusals: slack.refusals.slice(-5),
  };
}
