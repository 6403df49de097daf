import type { Kysely, Transaction } from "kysely";
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
  /** An install just completed (OAuth mode): it also clears an uninstall mark, keeping the history. */
  { installed = false }: { installed?: boolean } = {},
): Promise<void> {
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: enterpriseId })
    .onConflict((oc) =>
      oc
        .column("team_id")
        .doUpdateSet({ enterprise_id: enterpriseId, ...(installed ? { uninstalled_at: null } : {}) }),
    )
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

/** An org-wide install (again): the org's workspaces stopped by its uninstall serve again, history kept. */
export async function reinstalledInOrganisation(db: Kysely<Database>, enterpriseId: string): Promise<void> {
  await db
    .updateTable("workspaces")
    .set({ uninstalled_at: null })
    .where("enterprise_id", "=", enterpriseId)
    .execute();
}

/**
 * An org-ready app lost (`at`) or was given back (null) some of its organisation's workspaces
 * (team_access_revoked / team_access_granted): only workspaces of that organisation change; a workspace
 * granted for the first time gets its row. Returns how many workspaces changed.
 */
export async function setOrganisationAccess(
  db: Kysely<Database>,
  enterpriseId: string,
  teamIds: readonly string[],
  uninstalledAt: Date | null,
): Promise<number> {
  if (teamIds.length === 0) return 0;
  if (uninstalledAt === null) {
    const granted = await db
      .insertInto("workspaces")
      .values(teamIds.map((teamId) => ({ team_id: teamId, enterprise_id: enterpriseId })))
      .onConflict((oc) =>
        oc
          .column("team_id")
          .doUpdateSet({ uninstalled_at: null })
          .where("workspaces.enterprise_id", "=", enterpriseId),
      )
      .executeTakeFirst();
    return Number(granted.numInsertedOrUpdatedRows ?? 0);
  }
  const revoked = await db
    .updateTable("workspaces")
    .set({ uninstalled_at: uninstalledAt })
    .where("enterprise_id", "=", enterpriseId)
    .where("team_id", "in", teamIds)
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows);
}

/** An org-wide install went: every workspace of the org that has no installation of its own stops. */
export async function markUninstalledInOrganisation(
  db: Kysely<Database>,
  enterpriseId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable("workspaces")
    .set({ uninstalled_at: at })
    .where("enterprise_id", "=", enterpriseId)
    .where("uninstalled_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("slack_installations")
            .select("installation_id")
            .whereRef("slack_installations.team_id", "=", "workspaces.team_id")
            .where("slack_installations.is_enterprise_install", "=", false),
        ),
      ),
    )
    .execute();
}

/** Locks the workspace's row when it is still uninstalled since `before` or earlier (the retention purge). */
export async function lockUninstalledWorkspace(
  trx: Transaction<Database>,
  teamId: string,
  before: Date,
): Promise<boolean> {
  const row = await trx
    .selectFrom("workspaces")
    .select("team_id")
    .where("team_id", "=", teamId)
    .where("uninstalled_at", "<=", before)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function findWorkspace(db: Kysely<Database>, teamId: string): Promise<Workspace | undefined> {
  return db.selectFrom("workspaces").selectAll().where("team_id", "=", teamId).executeTakeFirst();
}
