import type { MethodHandler, MethodTable } from "./types.js";

const posted: MethodHandler = ({ args }, workspace) => ({
  ok: true,
  channel: args.channel,
  ts: String(args.ts ?? workspace.nextTs()),
  message: { text: args.text },
});

export const chatMethods: MethodTable = {
  "chat.postMessage": posted,
  "chat.update": posted,
  "chat.postEphemeral": (_call, workspace) => ({ ok: true, message_ts: workspace.nextTs("000200") }),
};
