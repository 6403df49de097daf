import { isValidTimeZone } from "../../domain/calendar.js";
import type { Directory, MembershipLookup, PersonLookup } from "../../services/directory.js";
import type { WebClient } from "./client.js";
import { isSlackRefusal, slackErrorCode } from "./errors.js";

// Slack suggests pages of at most 200 but takes up to 999; a channel of 5,000 then costs 6 calls, not 25,
// inside the 3 s a slash command has to answer in.
const MEMBERS_PER_PAGE = 999;

/** The people of a workspace as users.info and conversations.members describe them, through the client of the request at hand. */
export function slackDirectory(client: WebClient): Directory {
  return {
    lookUp: (userId) => lookUpUser(client, userId),
    isMember: (channelId, userId) => isMember(client, channelId, userId),
  };
}

async function lookUpUser(client: WebClient, userId: string): Promise<PersonLookup> {
  try {
    const { user } = await client.users.info({ user: userId });
    const tz = user?.tz;
    return {
      ok: true,
      person: {
        timeZone: tz && isValidTimeZone(tz) ? tz : "UTC",
        isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
        isOrgAdmin: Boolean(
          user?.enterprise_user?.is_admin ||
            user?.enterprise_user?.is_owner ||
            user?.enterprise_user?.is_primary_owner,
        ),
      },
    };
  } catch (error) {
    if (!isSlackRefusal(error)) throw error;
    return { ok: false, error: slackErrorCode(error) };
  }
}

/** Reads conversations.members page by page, stopping at the page that names the person. */
async function isMember(client: WebClient, channelId: string, userId: string): Promise<MembershipLookup> {
  try {
    const pages = client.paginate("conversations.members", { channel: channelId, limit: MEMBERS_PER_PAGE });
    for await (const page of pages) {
      if ((page as { members?: string[] }).members?.includes(userId)) return { ok: true, member: true };
    }
    return { ok: true, member: false };
  } catch (error) {
    if (!isSlackRefusal(error)) throw error;
    return { ok: false, error: slackErrorCode(error) };
  }
}
