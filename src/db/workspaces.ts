import type { Kysely } from "kysely";
import type { Database, Workspace } from "./schema.js";

export interface WorkspaceRef {
  teamId: string;
  enterpriseId: string | null;
}

/**
 * The bot's own workspace and organisation, in Slack's words (auth.test): the only source that may set or
 * change a stored enterprise id.
 */
export async function recordInstallation(
  db: Kysely<Database>,
  { teamId, enterpriseId }: WorkspaceRef,
): Promise<void> {
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: enterpriseId })
    .onConflict((oc) => oc.column("team_id").doUpdateSet({ enterprise_id: enterpriseId }))
    .execute();
}

/**
 * Creates the workspace row on first use; a reinstall clears the uninstall mark. A stored enterprise id is
 * never changed here: it comes from Slack's own answer (recordInstallation), never from a request.
 * Throws RangeError for an empty team id: a malformed request must not create a workspace the scheduler serves.
 */
export async function ensureWorkspace(
  db: Kysely<Database>,
  { teamId, enterpriseId }: WorkspaceRef,
): Promise<void> {
  // typeof too: a payload without team_id reaches here as undefined whatever the types say.
  if (typeof teamId !== "string" || teamId.trim() === "") {
    throw new RangeError("ensureWorkspace: the Slack team id is empty");
  }
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: enterpriseId })
    .onConflict((oc) =>
      oc.column("team_id").doUpdateSet((eb) => ({
        enterprise_id: eb.fn.coalesce("workspaces.enterprise_id", "excluded.enterprise_id"),
        uninstalled_at: null,
      })),
    )
    .execute();
}

export async function markUninstalled(db: Kysely<Database>, teamId: string, at: Date): Promise<void> {
  await db.updateTable("workspaces").set({ uninstalled_at: at }).where("team_id", "=", teamId).execute();
}

export async function findWorkspace(db: Kysely<Database>, teamId: string): Promise<Workspace | undefined> {
  return db.selectFrom("workspaces").selectAll().where("team_id", "=", teamId).executeTakeFirst();
}
