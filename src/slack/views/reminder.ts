import type { KnownBlock } from "@slack/types";
import { actionsBlockId, REMINDER_BLOCK, reminderTeamBlockId } from "../ids.js";
import { type ChatMessage, checkinButtons } from "./chat-message.js";
import { nameText } from "./mrkdwn.js";
import { plural, shortDate } from "./phrases.js";

export interface ReminderInput {
  mlTeamId: number;
  teamName: string;
  channelId: string;
  period: string;
  /** The round's last local date. */
  lastDay: string;
  timeZone: string;
}

/**
 * One direct message to a respondent who has not answered this round yet, for every team they answer for
 * that reminds them at once: each team with its own buttons (one team keeps the blocks of a single reminder).
 */
export function reminderMessage(inputs: readonly [ReminderInput, ...ReminderInput[]]): ChatMessage {
  const [first] = inputs;
  if (inputs.length === 1) {
    const name = teamNameOf(first);
    const text =
      `:wave: A reminder: *${name}* (<#${first.channelId}>) is checking in this round ` +
      `(${shortDate(first.period)}) and your answer is still missing. It takes two minutes; ` +
      `the round closes at the end of ${shortDate(first.lastDay)} (${first.timeZone}).`;
    return {
      text: `Reminder: ${name}'s MLOps check-in is waiting for your answer.`,
      blocks: teamBlocks(first, REMINDER_BLOCK, text),
    };
  }
  const intro = `:wave: A reminder: ${plural(inputs.length, "team")} you answer for ${inputs.length === 2 ? "are both" : "are all"} checking in this round and your answers are still missing. Two minutes each:`;
  return {
    text: `Reminder: ${inputs.length} MLOps check-ins are waiting for your answers.`,
    blocks: [
      { type: "section", block_id: REMINDER_BLOCK, text: { type: "mrkdwn", text: intro } },
      ...inputs.flatMap((input) =>
        teamBlocks(
          input,
          reminderTeamBlockId(input.mlTeamId),
          `*${teamNameOf(input)}* (<#${input.channelId}>) · round of ${shortDate(input.period)}, closes at the end of ${shortDate(input.lastDay)} (${input.timeZone})`,
        ),
      ),
    ],
  };
}

function teamNameOf(input: ReminderInput): string {
  return nameText(input.teamName, 80);
}

function teamBlocks(input: ReminderInput, blockId: string, text: string): KnownBlock[] {
  return [
    { type: "section", block_id: blockId, text: { type: "mrkdwn", text } },
    { type: "actions", block_id: actionsBlockId(blockId), elements: checkinButtons(input.mlTeamId) },
  ];
}

/** Whether a button's block is a reminder's (a direct message to one person, unlike a channel's prompt). */
export function isReminderActions(blockId: string | undefined): blockId is string {
  if (blockId === undefined) return false;
  return (
    blockId === actionsBlockId(REMINDER_BLOCK) || new RegExp(`^${REMINDER_BLOCK}:\\d+:actions$`).test(blockId)
  );
}

/** The reminder once answered from it: that team's buttons give way to what was recorded. */
export function answeredReminder(
  blocks: readonly KnownBlock[],
  actionsId: string,
  recorded: string,
): KnownBlock[] {
  return blocks.map((block) =>
    block.block_id === actionsId
      ? { type: "section", block_id: `${actionsId}:done`, text: { type: "mrkdwn", text: recorded } }
      : block,
  );
}
