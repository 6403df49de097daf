import type { Deps } from "../deps.js";
import { loadHomeTeams } from "../team-status.js";
import type { SlackClient } from "./users.js";
import { homeView } from "./views/home.js";

/** Publishes the person's App Home: their teams with levels and check-in buttons, and the levels. */
export async function publishHome(
  client: SlackClient,
  deps: Deps,
  teamId: string,
  userId: string,
): Promise<void> {
  const teams = await loadHomeTeams(deps.db, teamId, userId, deps.clock());
  await client.views.publish({ user_id: userId, view: homeView(teams) });
}
