import type { Button } from "@slack/types";
import { NOTHING_CHANGED_ACTION, OPEN_CHECKIN_ACTION } from "../ids.js";
import type { MessageBlock } from "./chart.js";

/** A message the scheduler posts: notification text plus Block Kit blocks. */
export interface ChatMessage {
  text: string;
  blocks: MessageBlock[];
}

/** The button every scheduled message carries; the check-in listener reads the team id from `value`. */
export function checkinButtonElement(mlTeamId: number, primary = true): Button {
  return {
    type: "button",
    action_id: OPEN_CHECKIN_ACTION,
    text: { type: "plain_text", text: "Check in", emoji: true },
    value: String(mlTeamId),
    ...(primary ? { style: "primary" as const } : {}),
  };
}

/** Repeats the person's previous answer for this round; without one, it opens the check-in instead. */
export function nothingChangedButtonElement(mlTeamId: number): Button {
  return {
    type: "button",
    action_id: NOTHING_CHANGED_ACTION,
    text: { type: "plain_text", text: "Nothing changed", emoji: true },
    value: String(mlTeamId),
  };
}

/** The buttons of a prompt or reminder: Check in, and Nothing changed beside it. */
export function checkinButtons(mlTeamId: number): Button[] {
  return [checkinButtonElement(mlTeamId), nothingChangedButtonElement(mlTeamId)];
}

/** "<@U1>, <@U2> and 3 more", for at most `max` people. */
export function mentionList(userIds: readonly string[], max = 20): string {
  const shown = userIds.slice(0, max).map((id) => `<@${id}>`);
  const more = userIds.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
