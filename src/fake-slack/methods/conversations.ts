import type { MethodTable, RecordedCall } from "./types.js";

// conversations.members pages: `limit` defaults to 100 and must stay under 1000; a cursor is only ever one
// the fake handed out, as Slack's are opaque.
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

export const conversationsMethods: MethodTable = {
  "conversations.info": ({ args }, workspace) => {
    const channel = workspace.channels.get(String(args.channel)) ?? {
      id: String(args.channel),
      name: `channel-${args.channel}`,
    };
    return { ok: true, channel };
  },
  "conversations.open": ({ args }) => ({ ok: true, channel: { id: `D${String(args.users).split(",")[0]}` } }),
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
