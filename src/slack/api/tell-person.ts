import { capMessageText } from "../views/message-text.js";
import type { WebClient } from "./client.js";
import { isSlackRefusal, slackErrorCode } from "./errors.js";

// chat.postEphemeral fails when the bot or the person is not in the channel; a DM still reaches them.
const UNREACHABLE_IN_CHANNEL = new Set([
  "channel_not_found",
  "not_in_channel",
  "user_not_in_channel",
  "is_archived",
]);

/** Shows `text` to one person in the channel, or in a direct message from the app when that is impossible. */
export async function tellPerson(
  client: WebClient,
  target: { channel: string; user: string },
  full: string,
): Promise<void> {
  const text = capMessageText(full);
  try {
    await client.chat.postEphemeral({ channel: target.channel, user: target.user, text });
  } catch (error) {
    if (!isSlackRefusal(error) || !UNREACHABLE_IN_CHANNEL.has(slackErrorCode(error))) throw error;
    await client.chat.postMessage({ channel: target.user, text });
  }
}
