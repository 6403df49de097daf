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

const posted: MethodHandler = ({ args }, workspace) =>
  refusedBlocks(args.blocks) ?? {
    ok: true,
    channel: args.channel,
    ts: String(args.ts ?? workspace.nextTs()),
    message: { text: args.text },
  };

export const chatMethods: MethodTable = {
  "chat.postMessage": posted,
  "chat.update": posted,
  "chat.postEphemeral": ({ args }, workspace) =>
    refusedBlocks(args.blocks) ?? { ok: true, message_ts: workspace.nextTs("000200") },
};
