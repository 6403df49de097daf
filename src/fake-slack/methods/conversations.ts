import type { MethodTable } from "./types.js";

export const conversationsMethods: MethodTable = {
  "conversations.info": ({ args }, workspace) => {
    const channel = workspace.channels.get(String(args.channel)) ?? {
      id: String(args.channel),
      name: `channel-${args.channel}`,
    };
    return { ok: true, channel };
  },
  "conversations.open": ({ args }) => ({ ok: true, channel: { id: `D${String(args.users).split(",")[0]}` } }),
};
