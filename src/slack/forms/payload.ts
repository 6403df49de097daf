import type { WorkspaceRef } from "../../db/workspaces.js";

interface InteractiveBody {
  team?: { id: string; enterprise_id?: string } | null;
  user?: { team_id?: string };
  enterprise?: { id: string } | null;
}

/** The workspace an interaction came from; every query the listener runs is scoped to it. */
export function workspaceOf(body: InteractiveBody): WorkspaceRef | null {
  const teamId = body.team?.id ?? body.user?.team_id;
  if (!teamId) return null;
  return { teamId, enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id ?? null };
}
