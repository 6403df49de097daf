// Small Block Kit pieces every builder uses, cut to Slack's limits.
import type { ContextBlock, PlainTextElement, SectionBlock } from "@slack/types";
import { LIMITS } from "../limits.js";
import { truncate } from "./mrkdwn.js";

/** A mrkdwn section, its text cut to Slack's 3,000 characters. */
export function section(blockId: string, text: string): SectionBlock {
  return {
    type: "section",
    block_id: blockId,
    text: { type: "mrkdwn", text: truncate(text, LIMITS.sectionText) },
  };
}

/** One line of small mrkdwn print. */
export function context(text: string, blockId?: string): ContextBlock {
  return { type: "context", ...(blockId ? { block_id: blockId } : {}), elements: [{ type: "mrkdwn", text }] };
}

export function plain(text: string): PlainTextElement {
  return { type: "plain_text", text };
}
