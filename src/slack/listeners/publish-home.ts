import type { Deps } from "../../deps.js";
import { homeTeams } from "../../services/home.js";
import type { WebClient } from "../api/client.js";
import { homeView } from "../views/home.js";

/** Publishes the person's App Home: their teams with levels and check-in buttons, and the levels. */
export async function publishHome(
  client: WebClient,
  deps: Deps,
  teamId: string,
  userId: string,
): Promise<void> {
  const teams = await homeTeams(deps, teamId, userId);
  await client.views.publish({ user_id: userId, view: homeView(teams) });
}
