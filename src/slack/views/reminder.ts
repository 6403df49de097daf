import { actionsBlockId, REMINDER_BLOCK } from "../ids.js";
import { type ChatMessage, checkinButtons } from "./chat-message.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { shortDate } from "./phrases.js";

export interface ReminderInput {
  mlTeamId: number;
  teamName: string;
  channelId: string;
  period: string;
  /** The round's last local date. */
  lastDay: string;
  timeZone: string;
}

/** A direct message to a respondent who has not answered this round yet. */
export function reminderMessage(input: ReminderInput): ChatMessage {
  const name = escapeMrkdwn(truncate(input.teamName, 80));
  const text =
    `:wave: A reminder: *${name}* (<#${input.channelId}>) is checking in this round ` +
    `(${shortDate(input.period)}) and your answer is still missing. It takes two minutes; ` +
    `the round closes at the end of ${shortDate(input.lastDay)} (${input.timeZone}).`;
  return {
    text: `Reminder: ${name}'s MLOps check-in is waiting for your answer.`,
    blocks: [
      { type: "section", block_id: REMINDER_BLOCK, text: { type: "mrkdwn", text } },
      {
        type: "actions",
        block_id: actionsBlockId(REMINDER_BLOCK),
        elements: checkinButtons(input.mlTeamId),
      },
    ],
  };
}
