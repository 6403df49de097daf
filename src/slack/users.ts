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

/** A users.info answer, or the error code Slack gave instead (user_not_found, missing_scope, …). */
export type UserLookup = { ok: true; user: SlackUser } | { ok: false; error: string };

/** lookupUser, with Slack's refusal as a value; network and other failures still throw. */
export async function tryLookupUser(client: SlackClient, userId: string): Promise<UserLookup> {
  try {
    return { ok: true, user: await lookupUser(client, userId) };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === undefined) throw error;
    return { ok: false, error: code };
  }
}

/** Whether someone may do something; "unverified" when Slack would not say whether they are an admin. */
export type Permission = { kind: "allowed" } | { kind: "refused" } | { kind: "unverified"; error: string };

/** The people named may; anyone else only as a workspace admin or owner. */
export function permissionFrom(userId: string, named: readonly string[], lookup: UserLookup): Permission {
  if (named.includes(userId)) return { kind: "allowed" };
  if (!lookup.ok) return { kind: "unverified", error: lookup.error };
  return { kind: lookup.user.isAdmin ? "allowed" : "refused" };
}

/** permissionFrom, asking Slack only when the person is not one of those named. */
export async function permission(
  client: SlackClient,
  userId: string,
  named: readonly string[],
): Promise<Permission> {
  if (named.includes(userId)) return { kind: "allowed" };
  return permissionFrom(userId, named, await tryLookupUser(client, userId));
}

/** Who may change a team: whoever set it up, and the workspace's admins and owners. */
export async function mayEditTeam(
  client: SlackClient,
  team: { created_by: string },
  userId: string,
): Promise<boolean> {
  // Someone Slack cannot tell us about (user_not_found) is refused, not shown an apology.
  return (await permission(client, userId, [team.created_by])).kind === "allowed";
}

/** The Slack error code of a failed Web API call ("not_in_channel"), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}
