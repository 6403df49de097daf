import type { SlackStatus } from "../../domain/away.js";
import type { WebClient } from "./client.js";

/**
 * A person's Slack status from users.info (user.profile: status_emoji, status_text, status_expiration), which
 * the bot's `users:read` scope covers; users.profile:read is only for users.profile.get, not used here.
 */
export async function slackStatusOf(client: WebClient, userId: string): Promise<SlackStatus> {
  const { user } = await client.users.info({ user: userId });
  const profile = user?.profile;
  return {
    emoji: profile?.status_emoji ?? "",
    text: profile?.status_text ?? "",
    expiration: Number(profile?.status_expiration ?? 0) || 0,
  };
}
