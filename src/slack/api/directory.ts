import { isValidTimeZone } from "../../domain/calendar.js";
import type { Directory, PersonLookup } from "../../services/directory.js";
import type { WebClient } from "./client.js";
import { isSlackRefusal, slackErrorCode } from "./errors.js";

/** The people of a workspace as users.info describes them, through the client of the request at hand. */
export function slackDirectory(client: WebClient): Directory {
  return { lookUp: (userId) => lookUpUser(client, userId) };
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
      },
    };
  } catch (error) {
    if (!isSlackRefusal(error)) throw error;
    return { ok: false, error: slackErrorCode(error) };
  }
}
