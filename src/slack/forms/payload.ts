import type { WorkspaceRef } from "../../db/workspaces.js";

interface InteractiveBody {
  team?: { id: string; enterprise_id?: string } | null;
  user?: { team_id?: string };
  enterprise?: { id: string } | null;
  view?: { app_installed_team_id?: string } | null;
}

/**
 * The workspace an interaction acts in; every query the listener runs is scoped to it. That is the app's
 * installation, never the sender's home workspace: in a Slack Connect channel a person of another
 * organisation sends their own team, and Slack names ours as view.app_installed_team_id (Bolt's own rule).
 */
export function workspaceOf(body: InteractiveBody): WorkspaceRef | null {
  const sender = body.team?.id ?? body.user?.team_id;
  const teamId = body.view?.app_installed_team_id || sender;
  if (!teamId) return null;
  // The sender's organisation is the installation's only when the sender's workspace is.
  const enterpriseId = teamId === sender ? (body.enterprise?.id ?? body.team?.enterprise_id ?? null) : null;
  return { teamId, enterpriseId };
}
