import type { Kysely } from "kysely";
import type { Database, Workspace } from "./schema.js";

export interface WorkspaceRef {
  teamId: string;
  enterpriseId: string | null;
}

/** Creates the workspace row on first use; a reinstall clears the uninstall mark. */
export async function ensureWorkspace(
  db: Kysely<Database>,
  { teamId, enterpriseId }: WorkspaceRef,
): Promise<void> {
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: enterpriseId })
    .onConflict((oc) =>
      oc.column("team_id").doUpdateSet((eb) => ({
        enterprise_id: eb.fn.coalesce("excluded.enterprise_id", "workspaces.enterprise_id"),
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
