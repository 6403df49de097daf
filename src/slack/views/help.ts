import type { KnownBlock } from "@slack/types";
import { HELP_BLOCKS } from "../ids.js";
import { section } from "./blocks.js";
import { escapeMrkdwn, inlineCode, truncate } from "./mrkdwn.js";

export interface EphemeralMessage {
  response_type: "ephemeral";
  text: string;
  blocks?: KnownBlock[];
}

export interface UsageLine {
  usage: string;
  summary: string;
}

export function helpMessage(commands: readonly UsageLine[], unknown?: string): EphemeralMessage {
  const intro = unknown
    ? `:thinking_face: I don't know ${inlineCode(truncate(unknown, 80))}. Here is what I can do:`
    : "*MLOps maturity bot* — where your ML team stands on the MLOps maturity levels (0–4), and what to do next.";
  // A usage's placeholders (<weeks>) are written as Slack must receive them, or Slack reads them as a link.
  const lines = commands.map((c) => `\`${escapeMrkdwn(c.usage)}\` — ${c.summary}`).join("\n");
  return {
    response_type: "ephemeral",
    text: `${intro}\n${lines}`,
    blocks: [section(HELP_BLOCKS.intro, intro), section(HELP_BLOCKS.commands, lines)],
  };
}

export function nulCharacterMessage(): EphemeralMessage {
  return {
    response_type: "ephemeral",
    text: ":warning: This command has an invisible NUL character in it, which cannot be stored, so nothing was done. Please type the command again.",
  };
}

export function incompleteRequestMessage(): EphemeralMessage {
  return {
    response_type: "ephemeral",
    text: ":warning: This request did not say which workspace, person and channel it came from, so nothing was done. Please run the command again from Slack.",
  };
}
