import { homeGroupOf } from "../../views/home.js";
import { publishHome } from "../publish-home.js";
import type { ListenerTable } from "../table.js";

export function registerAppHomeOpened(app: ListenerTable): void {
  app.event("app_home_opened", async ({ event, body, client }, deps) => {
    if (event.tab !== "home") return;
    // An org-wide install's events name the workspace they happened in as context_team_id: its data is shown.
    // The tab as it was last published says which group an admin chose; opening it again keeps the choice.
    const group = homeGroupOf(event.view?.private_metadata);
    await publishHome(client, deps, body.context_team_id ?? body.team_id, event.user, group);
  });
}
