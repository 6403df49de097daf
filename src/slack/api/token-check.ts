import type { WebClient } from "./client.js";
import { slackErrorCode } from "./errors.js";

const REFUSED_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);

/** Who the bot token belongs to, in Slack's own words (auth.test): the only trusted source for these ids. */
export interface BotIdentity {
  readonly teamId: string;
  /** The Enterprise Grid organisation, or null for a workspace outside one. */
  readonly enterpriseId: string | null;
  /** An org-wide installation: the token serves every workspace of its organisation. */
  readonly orgWide: boolean;
}

/** Slack could not be used at start: a token it refuses, or an API it cannot reach. */
export class SlackStartupError extends Error {
  override name = "SlackStartupError";
}

/**
 * Bolt checks the token in the background and crashes the process when that check fails, long
 * after "started". Checking first turns a wrong token into one clear message at start.
 */
export async function verifyToken(client: WebClient, apiUrl: string): Promise<BotIdentity> {
  try {
    const answer = await client.auth.test();
    return {
      teamId: answer.team_id ?? "",
      enterpriseId: answer.enterprise_id || null,
      orgWide: answer.is_enterprise_install === true,
    };
  } catch (error) {
    const code = slackErrorCode(error);
    if (REFUSED_TOKEN.has(code)) {
      throw new SlackStartupError(
        `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) from your app's ` +
          'OAuth & Permissions page, and reinstall the app if it was removed; see "Connecting to Slack" in README.md.',
      );
    }
    throw new SlackStartupError(
      `Could not reach the Slack Web API at ${apiUrl} (${code}). Check the network, or SLACK_API_URL if you set it.`,
    );
  }
}
