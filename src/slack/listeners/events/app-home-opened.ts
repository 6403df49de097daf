import type { App } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import { publishHome } from "../publish-home.js";

export function registerAppHomeOpened(app: App, deps: Deps): void {
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    await publishHome(client, deps, body.team_id, event.user);
  });
}
