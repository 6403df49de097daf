// The app leaves a workspace or an org: its tokens go at once and its scheduled work stops; its data stays for
// UNINSTALL_RETENTION_DAYS (a reinstall keeps its history) and is then purged by the tick. Bolt does not
// authorize app_uninstalled and tokens_revoked, nor delete anything for them: that is done here.
import type { Transaction } from "kysely";
import { deleteInstallation, deleteInstallationsOfBots, hasInstallation } from "../db/installations.js";
import {
  countWorkspaceRows,
  deleteWorkspaceRows,
  type WorkspaceRows,
  workspacesUninstalledBefore,
} from "../db/purge.js";
import type { Database } from "../db/schema.js";
import {
  lockUninstalledWorkspace,
  markUninstalled,
  markUninstalledInOrganisation,
  setOrganisationAccess,
} from "../db/workspaces.js";
import type { ServiceContext } from "./context.js";

/** Who an uninstall or revocation event is for. */
export interface Leaving {
  readonly teamId: string | null;
  readonly enterpriseId: string | null;
  /** The org-wide installation of `enterpriseId` (every workspace it served). */
  readonly orgWide: boolean;
}

/** app_uninstalled: the installation's tokens are deleted and every workspace it served stops. */
export async function appUninstalled(ctx: ServiceContext, leaving: Leaving): Promise<void> {
  await ctx.db.transaction().execute((trx) => leave(trx, leaving, ctx.clock()));
}

async function leave(trx: Transaction<Database>, leaving: Leaving, at: Date): Promise<void> {
  if (leaving.orgWide && leaving.enterpriseId) {
    await deleteInstallation(trx, leaving.enterpriseId);
    await markUninstalledInOrganisation(trx, leaving.enterpriseId, at);
  } else if (leaving.teamId) {
    await deleteInstallation(trx, leaving.teamId);
    await markUninstalled(trx, leaving.teamId, at);
  }
}

/**
 * tokens_revoked: the installations whose bot user lost its tokens are deleted, and their work stops (in
 * single-workspace mode none is stored: the workspace stops all the same).
 */
export async function botTokensRevoked(
  ctx: ServiceContext,
  leaving: Leaving,
  botUserIds: readonly string[],
): Promise<void> {
  if (botUserIds.length === 0) return;
  const ids = [leaving.teamId, leaving.enterpriseId].filter((id): id is string => id !== null);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteInstallationsOfBots(trx, ids, botUserIds);
    // Another bot user's tokens (an older install) leave a newer installation serving the workspace.
    if (await hasInstallation(trx, leaving.orgWide ? ids.slice(-1) : ids.slice(0, 1))) return;
    await leave(trx, leaving, ctx.clock());
  });
}

/**
 * team_access_revoked / team_access_granted: an org-ready app's organisation took some workspaces from it, or
 * gave them (back). A revoked workspace stops as an uninstalled one does (data kept for the retention days);
 * a granted one serves again with its history. Returns how many workspaces changed.
 */
export function organisationAccessChanged(
  ctx: ServiceContext,
  change: { readonly enterpriseId: string; readonly teamIds: readonly string[]; readonly granted: boolean },
): Promise<number> {
  return setOrganisationAccess(
    ctx.db,
    change.enterpriseId,
    change.teamIds,
    change.granted ? null : ctx.clock(),
  );
}

export interface Purged {
  readonly teamId: string;
  readonly rows: WorkspaceRows;
  readonly dryRun: boolean;
}

/** Deletes every row of a workspace in one transaction (or only counts them), and says what. */
export async function purgeWorkspace(
  ctx: ServiceContext,
  teamId: string,
  options: { dryRun: boolean; uninstalledBefore?: Date },
): Promise<Purged | undefined> {
  return ctx.db.transaction().execute(async (trx) => {
    // The retention purge: only if the workspace is still uninstalled (a reinstall meanwhile keeps its data).
    if (
      options.uninstalledBefore &&
      !(await lockUninstalledWorkspace(trx, teamId, options.uninstalledBefore))
    ) {
      return undefined;
    }
    const rows = await countWorkspaceRows(trx, teamId);
    if (!options.dryRun) await deleteWorkspaceRows(trx, teamId);
    return { teamId, rows, dryRun: options.dryRun };
  });
}

/** The tick's part: workspaces uninstalled more than `retentionDays` before `now` are purged. */
export async function purgeExpiredWorkspaces(
  ctx: ServiceContext,
  now: Date,
  retentionDays: number,
): Promise<Purged[]> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const due = await workspacesUninstalledBefore(ctx.db, before);
  const purged: Purged[] = [];
  for (const teamId of due) {
    const done = await purgeWorkspace(ctx, teamId, { dryRun: false, uninstalledBefore: before });
    if (done) purged.push(done);
  }
  return purged;
}
