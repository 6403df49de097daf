import type { Deps } from "../../deps.js";
import { homeFor } from "../../services/home.js";
import type { WebClient } from "../api/client.js";
import { slackDirectory } from "../api/directory.js";
import { homeView } from "../views/home.js";

/** Publishes the person's App Home: their teams with levels, trends and check-in buttons, the levels, and for admins the organisation (of one group, if chosen). */
export async function publishHome(
  client: WebClient,
  deps: Deps,
  teamId: string,
  userId: string,
  /** The group an admin's overview is narrowed to; null for every team. */
  groupId: number | null = null,
): Promise<void> {
  const home = await homeFor(deps, slackDirectory(client), teamId, userId, groupId);
  await client.views.publish({ user_id: userId, view: homeView(home.teams, home.overview) });
}
