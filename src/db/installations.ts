// The installation store of a distributed app (OAuth mode): workspace and org-wide installs with their tokens,
// sealed on the way in and opened on the way out, so that no token is ever written in clear text.
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { TokenKeys } from "../config.js";
import type { Database, SlackInstallationsTable } from "./schema.js";
import { openToken, sealedWithCurrentKey, sealToken } from "./token-cipher.js";

/** An installation with its tokens in clear text, as Slack gave them (never stored this way). */
export interface StoredInstallation {
  /** The team id of a workspace install, the enterprise id of an org-wide one. */
  readonly installationId: string;
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly enterpriseId: string | null;
  readonly enterpriseName: string | null;
  readonly enterpriseUrl: string | null;
  readonly isEnterpriseInstall: boolean;
  readonly appId: string | null;
  readonly botToken: string;
  readonly botId: string | null;
  readonly botUserId: string;
  readonly botScopes: readonly string[];
  readonly botRefreshToken: string | null;
  readonly botTokenExpiresAt: Date | null;
  readonly installerUserId: string;
  readonly installedAt: Date;
  readonly updatedAt: Date;
}

export type NewInstallation = Omit<StoredInstallation, "installationId" | "installedAt" | "updatedAt">;

type Db = Kysely<Database> | Transaction<Database>;

/** Which row an installation is: an org-wide install by its enterprise, any other by its workspace. */
export function installationIdOf(
  i: Pick<NewInstallation, "isEnterpriseInstall" | "teamId" | "enterpriseId">,
) {
  const id = i.isEnterpriseInstall ? i.enterpriseId : i.teamId;
  if (!id) throw new RangeError("an installation needs a team id, or an enterprise id when org-wide");
  return id;
}

/** Stores a new install; a reinstall replaces the row (the newest installation wins). */
export async function saveInstallation(
  db: Db,
  installation: NewInstallation,
  keys: TokenKeys,
  at: Date,
): Promise<string> {
  const id = installationIdOf(installation);
  const row = {
    installation_id: id,
    team_id: installation.teamId,
    team_name: installation.teamName,
    enterprise_id: installation.enterpriseId,
    enterprise_name: installation.enterpriseName,
    enterprise_url: installation.enterpriseUrl,
    is_enterprise_install: installation.isEnterpriseInstall,
    app_id: installation.appId,
    bot_token: sealToken(installation.botToken, id, keys),
    bot_id: installation.botId,
    bot_user_id: installation.botUserId,
    bot_scopes: [...installation.botScopes],
    bot_refresh_token:
      installation.botRefreshToken === null ? null : sealToken(installation.botRefreshToken, id, keys),
    bot_token_expires_at: installation.botTokenExpiresAt,
    installer_user_id: installation.installerUserId,
    installed_at: at,
    updated_at: at,
  };
  await db
    .insertInto("slack_installations")
    .values(row)
    .onConflict((oc) => oc.column("installation_id").doUpdateSet(row))
    .execute();
  return id;
}

/**
 * The installation that serves a workspace: its own install, or the org-wide install of its organisation,
 * whichever is newest. `enterpriseId` is the organisation the caller knows of (a signed request's, or the one
 * stored for the workspace).
 */
export async function findInstallation(
  db: Db,
  where: { teamId: string | null | undefined; enterpriseId: string | null | undefined },
  keys: TokenKeys,
): Promise<StoredInstallation | undefined> {
  const row = await db
    .selectFrom("slack_installations")
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(where.teamId
          ? [eb.and([eb("installation_id", "=", where.teamId), eb("is_enterprise_install", "=", false)])]
          : []),
        ...(where.enterpriseId
          ? [eb.and([eb("installation_id", "=", where.enterpriseId), eb("is_enterprise_install", "=", true)])]
          : []),
      ]),
    )
    .orderBy("installed_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? opened(row, keys) : undefined;
}

/** The installation serving a workspace the database knows, by its stored organisation (the scheduler, CLI). */
export async function findInstallationForWorkspace(
  db: Db,
  teamId: string,
  keys: TokenKeys,
): Promise<StoredInstallation | undefined> {
  const workspace = await db
    .selectFrom("workspaces")
    .select("enterprise_id")
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  return findInstallation(db, { teamId, enterpriseId: workspace?.enterprise_id ?? null }, keys);
}

/** Locks one installation's row for the rest of the transaction (one token refresh at a time). */
export async function lockInstallation(
  trx: Transaction<Database>,
  installationId: string,
  keys: TokenKeys,
): Promise<StoredInstallation | undefined> {
  const row = await trx
    .selectFrom("slack_installations")
    .selectAll()
    .where("installation_id", "=", installationId)
    .forUpdate()
    .executeTakeFirst();
  return row ? opened(row, keys) : undefined;
}

export async function saveRefreshedToken(
  db: Db,
  installationId: string,
  token: { botToken: string; botRefreshToken: string; botTokenExpiresAt: Date },
  keys: TokenKeys,
  at: Date,
): Promise<void> {
  await db
    .updateTable("slack_installations")
    .set({
      bot_token: sealToken(token.botToken, installationId, keys),
      bot_refresh_token: sealToken(token.botRefreshToken, installationId, keys),
      bot_token_expires_at: token.botTokenExpiresAt,
      updated_at: at,
    })
    .where("installation_id", "=", installationId)
    .execute();
}

/** Deletes a workspace's own installation and returns how many rows went (0 or 1). */
export async function deleteInstallation(db: Db, installationId: string): Promise<number> {
  const result = await db
    .deleteFrom("slack_installations")
    .where("installation_id", "=", installationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the installations whose bot user is one of these (tokens_revoked names bot users). */
export async function deleteInstallationsOfBots(
  db: Db,
  installationIds: readonly string[],
  botUserIds: readonly string[],
): Promise<number> {
  if (installationIds.length === 0 || botUserIds.length === 0) return 0;
  const result = await db
    .deleteFrom("slack_installations")
    .where("installation_id", "in", installationIds)
    .where("bot_user_id", "in", botUserIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Re-encrypts every stored token with the current key, in one transaction (each row locked as it goes), and
 * returns how many tokens were rewritten; tokens already under the current key are left alone.
 */
export async function reencryptTokens(db: Kysely<Database>, keys: TokenKeys): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("slack_installations")
      .select(["installation_id", "bot_token", "bot_refresh_token"])
      .orderBy("installation_id")
      .forUpdate()
      .execute();
    let count = 0;
    for (const row of rows) {
      const reseal = (value: string | null) => {
        if (value === null || sealedWithCurrentKey(value, keys)) return value;
        count++;
        return sealToken(openToken(value, row.installation_id, keys), row.installation_id, keys);
      };
      const botToken = reseal(row.bot_token) ?? row.bot_token;
      const refreshToken = reseal(row.bot_refresh_token);
      if (botToken === row.bot_token && refreshToken === row.bot_refresh_token) continue;
      await trx
        .updateTable("slack_installations")
        .set({ bot_token: botToken, bot_refresh_token: refreshToken })
        .where("installation_id", "=", row.installation_id)
        .execute();
    }
    return count;
  });
}

/** Whether any of these installations (team or enterprise ids) is still stored. */
export async function hasInstallation(db: Db, installationIds: readonly string[]): Promise<boolean> {
  if (installationIds.length === 0) return false;
  const row = await db
    .selectFrom("slack_installations")
    .select("installation_id")
    .where("installation_id", "in", installationIds)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many stored tokens each key (by its id) sealed: a start-up check that the configured keys can read them. */
export async function tokensPerKey(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("slack_installations")
    .select(["bot_token", "bot_refresh_token"])
    .execute();
  const counts = new Map<string, number>();
  for (const value of rows.flatMap((r) => [r.bot_token, r.bot_refresh_token])) {
    const kid = value?.split(".")[1];
    if (kid) counts.set(kid, (counts.get(kid) ?? 0) + 1);
  }
  return counts;
}

/** How many installations there are (the CLI reports it). */
export async function countInstallations(db: Db): Promise<number> {
  const row = await db
    .selectFrom("slack_installations")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

function opened(row: Selectable<SlackInstallationsTable>, keys: TokenKeys): StoredInstallation {
  const id = row.installation_id;
  return {
    installationId: id,
    teamId: row.team_id,
    teamName: row.team_name,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    enterpriseUrl: row.enterprise_url,
    isEnterpriseInstall: row.is_enterprise_install,
    appId: row.app_id,
    botToken: openToken(row.bot_token, id, keys),
    botId: row.bot_id,
    botUserId: row.bot_user_id,
    botScopes: row.bot_scopes,
    botRefreshToken: row.bot_refresh_token === null ? null : openToken(row.bot_refresh_token, id, keys),
    botTokenExpiresAt: row.bot_token_expires_at,
    installerUserId: row.installer_user_id,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}
