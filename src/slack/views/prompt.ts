import type { Cadence } from "../../domain/calendar.js";
import { actionsBlockId, PROMPT_BLOCK } from "../ids.js";
import { context } from "./blocks.js";
import { type ChatMessage, checkinButtons, mentionList } from "./chat-message.js";
import { nameText } from "./mrkdwn.js";
import { shortDate } from "./phrases.js";

export interface PromptInput {
  mlTeamId: number;
  teamName: string;
  cadence: Cadence;
  /** The round's first local date. */
  period: string;
  /** The round's last local date. */
  lastDay: string;
  timeZone: string;
  respondents: readonly string[];
}

const CADENCE_WORD: Readonly<Record<Cadence, string>> = {
  weekly: "weekly",
  biweekly: "fortnightly",
  monthly: "monthly",
};

/** The round's opening message in the team channel. */
export function promptMessage(input: PromptInput): ChatMessage {
  const name = nameText(input.teamName, 80);
  const headline = `:clipboard: *Time for ${name}'s ${CADENCE_WORD[input.cadence]} MLOps check-in*`;
  const body =
    "Two minutes: tick the practices your team has in place today. Each answer counts once per round; " +
    `you can change yours until the round closes at the end of ${shortDate(input.lastDay)} (${input.timeZone}).`;
  const who =
    input.respondents.length > 0
      ? `Asked: ${mentionList(input.respondents)} · round of ${shortDate(input.period)}`
      : `Round of ${shortDate(input.period)} · anyone on the team can answer`;
  return {
    text: `Time for ${name}'s MLOps check-in (round of ${shortDate(input.period)}).`,
    blocks: [
      { type: "section", block_id: PROMPT_BLOCK, text: { type: "mrkdwn", text: `${headline}\n${body}` } },
      context(who),
      {
        type: "actions",
        block_id: actionsBlockId(PROMPT_BLOCK),
        elements: checkinButtons(input.mlTeamId),
      },
    ],
  };
}
