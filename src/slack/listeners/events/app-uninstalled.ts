import type { App } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import { workspaceUninstalled } from "../../../services/uninstall.js";

/** Slack never tells Bolt's stores about uninstalls, so we stop scheduling for the workspace ourselves. */
export function registerAppUninstalled(app: App, deps: Deps): void {
  const handler = async ({ body }: { body: { team_id?: string } }) => {
    if (!body.team_id) return;
    await workspaceUninstalled(deps, body.team_id);
    deps.logger.info({ teamId: body.team_id }, "workspace uninstalled the app; its schedules are stopped");
  };
  app.event("app_uninstalled", handler);
  app.event("tokens_revoked", async ({ event, body }) => {
    if ((event.tokens.bot ?? []).length > 0) await handler({ body });
  });
}
