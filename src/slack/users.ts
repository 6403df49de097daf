import type { AllMiddlewareArgs } from "@slack/bolt";
import { isValidTimeZone } from "../domain/calendar.js";

export type SlackClient = AllMiddlewareArgs["client"];

export interface SlackUser {
  /** The person's Slack time zone when it is a valid IANA name, else UTC. */
  timeZone: string;
  isAdmin: boolean;
}

/** users.info: the time zone to default to and whether the person administers the workspace. */
export async function lookupUser(client: SlackClient, userId: string): Promise<SlackUser> {
  const { user } = await client.users.info({ user: userId });
  const tz = user?.tz;
  return {
    timeZone: tz && isValidTimeZone(tz) ? tz : "UTC",
    isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
  };
}

/** Who may change a team: whoever set it up, and the workspace's admins and owners. */
export async function mayEditTeam(
  client: SlackClient,
  team: { created_by: string },
  userId: string,
): Promise<boolean> {
  if (team.created_by === userId) return true;
  return (await lookupUser(client, userId)).isAdmin;
}

/** The Slack error code of a failed Web API call ("not_in_channel"), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}
