import {
  appUninstalled,
  botTokensRevoked,
  type Leaving,
  organisationAccessChanged,
} from "../../../services/uninstall.js";
import type { ListenerTable } from "../table.js";

interface EventEnvelope {
  team_id?: string;
  enterprise_id?: string | null;
  is_enterprise_install?: boolean;
  authorizations?: {
    team_id?: string | null;
    enterprise_id?: string | null;
    is_enterprise_install?: boolean;
  }[];
}

/**
 * Who the event is for: a workspace, or an org-wide install, when its authorization says so or when it names
 * no workspace at all (Slack's own org-wide app_uninstalled example carries only enterprise_id; bolt-python
 * deletes by the enterprise then too).
 */
function leavingOf(body: EventEnvelope): Leaving {
  const auth = body.authorizations?.[0];
  const enterpriseId = body.enterprise_id || auth?.enterprise_id || null;
  const teamId = body.team_id || auth?.team_id || null;
  const saysOrgWide = (body.is_enterprise_install ?? auth?.is_enterprise_install) === true;
  return { teamId, enterpriseId, orgWide: enterpriseId !== null && (saysOrgWide || teamId === null) };
}

/**
 * Bolt neither authorizes these events nor tells any store about them: the installation's tokens are deleted
 * here and its scheduled work stops; the data stays for UNINSTALL_RETENTION_DAYS.
 */
export function registerAppUninstalled(app: ListenerTable): void {
  app.event("app_uninstalled", async ({ body }, deps) => {
    const leaving = leavingOf(body as EventEnvelope);
    if (!leaving.teamId && !leaving.orgWide) return;
    await appUninstalled(deps, leaving);
    deps.logger.info(
      { ...leaving },
      "the app was uninstalled; its tokens are deleted and its schedules stopped",
    );
  });
  app.event("tokens_revoked", async ({ event, body }, deps) => {
    const bots = event.tokens.bot ?? [];
    if (bots.length === 0) return;
    const leaving = leavingOf(body as EventEnvelope);
    await botTokensRevoked(deps, leaving, bots);
    deps.logger.info({ ...leaving, botUserIds: bots }, "bot tokens revoked; their installation is deleted");
  });
  for (const type of ["team_access_granted", "team_access_revoked"] as const) {
    app.event(type, async ({ event, body }, deps) => {
      const enterpriseId = leavingOf(body as EventEnvelope).enterpriseId;
      if (!enterpriseId) return; // only an org-ready app's organisation grants or revokes workspaces
      const granted = type === "team_access_granted";
      const changed = await organisationAccessChanged(deps, {
        enterpriseId,
        teamIds: event.team_ids,
        granted,
      });
      deps.logger.info(
        { enterpriseId, teamIds: event.team_ids, changed },
        granted
          ? "workspaces of the organisation granted: they are served again"
          : "workspaces revoked: their work stops",
      );
    });
  }
}
