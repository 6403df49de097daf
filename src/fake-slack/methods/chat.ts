import { messageBlockProblems } from "../block-kit.js";
import type { MethodHandler, MethodTable } from "./types.js";

/** Slack's answer to blocks it will not show: `invalid_blocks`, each problem with its JSON pointer. */
export function refusedBlocks(blocks: unknown): Record<string, unknown> | undefined {
  if (blocks === undefined) return undefined;
  const problems = messageBlockProblems(blocks);
  if (problems.length === 0) return undefined;
  return {
    ok: false,
    error: "invalid_blocks",
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  };
}

// Slack checks metadata's shape and refuses the whole message when it is wrong.
function metadataProblem(metadata: unknown): boolean {
  if (metadata === undefined) return false;
  const m = metadata as { event_type?: unknown; event_payload?: unknown };
  return typeof m.event_type !== "string" || typeof m.event_payload !== "object" || m.event_payload === null;
}

// Slack refuses a message whose text is longer than this.
const MAX_TEXT = 40_000;

const postMessage: MethodHandler = ({ args }, workspace) => {
  if (String(args.text ?? "").length > MAX_TEXT) return { ok: false, error: "msg_too_long" };
  const refused = refusedBlocks(args.blocks);
  if (refused) return refused;
  if (metadataProblem(args.metadata)) return { ok: false, error: "invalid_metadata_format" };
  const message = workspace.post({
    channel: workspace.conversationOf(String(args.channel)),
    text: String(args.text ?? ""),
    blocks: args.blocks,
    metadata: args.metadata as never,
  });
  return { ok: true, channel: message.channel, ts: message.ts, message: { text: args.text } };
};

// Slack keeps the message's ts and channel; its text and blocks change.
const update: MethodHandler = ({ args }, workspace) => {
  const refused = refusedBlocks(args.blocks);
  if (refused) return refused;
  const ts = String(args.ts ?? workspace.nextTs());
  workspace.update(String(args.channel), ts, { text: String(args.text ?? ""), blocks: args.blocks });
  return { ok: true, channel: args.channel, ts, message: { text: args.text } };
};

const postEphemeral: MethodHandler = ({ args }, workspace) => {
  if (String(args.text ?? "").length > MAX_TEXT) return { ok: false, error: "msg_too_long" };
  const refused = refusedBlocks(args.blocks);
  if (refused) return refused;
  const message = workspace.postEphemeral({
    channel: workspace.conversationOf(String(args.channel)),
    user: String(args.user ?? ""),
    text: String(args.text ?? ""),
    blocks: args.blocks,
  });
  return { ok: true, message_ts: message.ts };
};

export const chatMethods: MethodTable = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.postEphemeral": postEphemeral,
};
