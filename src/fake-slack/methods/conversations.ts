import type { FakeMessage, FakeWorkspace } from "../state.js";
import type { MethodHandler, MethodTable, RecordedCall } from "./types.js";

// Slack's default page for history and members; it allows up to 999 (history: 15 for commercially
// distributed apps outside the Marketplace, held by distributed.ts). A cursor is only ever one the fake handed out, as Slack's are opaque.
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

/** Newest first, between `oldest` and `latest` (both exclusive, as Slack's default), a page at a time with a cursor. */
const history: MethodHandler = ({ args }, workspace) => {
  const channel = String(args.channel ?? "");
  if (!/^[CDG][A-Z0-9]+$/.test(channel)) return { ok: false, error: "channel_not_found" };
  const oldest = Number(args.oldest ?? 0);
  const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
  const limit = Math.min(Number(args.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, MAX_LIMIT);
  const offset = args.cursor ? Number(Buffer.from(String(args.cursor), "base64url").toString()) : 0;
  const matching = [...(workspace.histories.get(channel) ?? [])]
    .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
    .reverse();
  const page = matching.slice(offset, offset + limit);
  const hasMore = offset + limit < matching.length;
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
  return {
    ok: true,
    messages: page.map((m) => shown(m, withMetadata)),
    has_more: hasMore,
    response_metadata: {
      next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString("base64url") : "",
    },
  };
};

function shown({ metadata, channel: _channel, ...message }: FakeMessage, withMetadata: boolean) {
  return { type: "message", ...message, ...(withMetadata && metadata ? { metadata } : {}) };
}

function channelInfo(workspace: FakeWorkspace, id: string) {
  return workspace.channels.get(id) ?? { id, name: `channel-${id}` };
}

export const conversationsMethods: MethodTable = {
  "conversations.info": ({ args }, workspace) => ({
    ok: true,
    channel: channelInfo(workspace, String(args.channel)),
  }),
  "conversations.open": ({ args }, workspace) => ({
    ok: true,
    channel: { id: workspace.conversationOf(String(args.users).split(",")[0] ?? "") },
  }),
  "conversations.history": history,
  // Only channels the fake knows have members; any other is one the bot cannot see.
  "conversations.members": (call, workspace) => {
    const channel = workspace.channels.get(String(call.args.channel));
    if (!channel) return { ok: false, error: "channel_not_found" };
    const page = pageOf(call);
    if (typeof page === "string") return { ok: false, error: page };
    const members = channel.members ?? [];
    const end = page.start + page.limit;
    return {
      ok: true,
      members: members.slice(page.start, end),
      response_metadata: { next_cursor: end < members.length ? cursorAt(end) : "" },
    };
  },
};

function pageOf({ args }: RecordedCall): { start: number; limit: number } | string {
  const limit = args.limit === undefined ? DEFAULT_LIMIT : Number(args.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return "invalid_limit";
  if (args.cursor === undefined || args.cursor === "") return { start: 0, limit };
  const start = /^offset:(\d+)$/.exec(Buffer.from(String(args.cursor), "base64").toString())?.[1];
  return start === undefined ? "invalid_cursor" : { start: Number(start), limit };
}

function cursorAt(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64");
}
