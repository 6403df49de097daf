// Bolt's OAuth machinery (InstallProvider: /slack/install, /slack/oauth_redirect, authorize) over our own
// Postgres installation store. Bolt hands over what oauth.v2.access and auth.test said; we keep it sealed.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Kysely } from "kysely";
import type { TokenKeys } from "../config.js";
import { withinBudget } from "../db/connect.js";
import {
  deleteInstallation,
  findInstallation,
  type NewInstallation,
  type StoredInstallation,
  saveInstallation,
} from "../db/installations.js";
import type { Database } from "../db/schema.js";
import { recordInstallation, reinstalledInOrganisation } from "../db/workspaces.js";
import type { TokenRefresher } from "./api/token-refresh.js";

/** The database time a request's installation lookup may take (the request's own budget comes after it). */
export const INSTALLATION_LOOKUP_BUDGET_MS = 800;

export interface StoreParts {
  readonly db: Kysely<Database>;
  readonly keys: TokenKeys;
  readonly refresher: TokenRefresher;
  readonly clock: () => Date;
}

export function postgresInstallationStore(parts: StoreParts): InstallationStore {
  const { db, keys } = parts;
  return {
    storeInstallation: async (installation) => {
      const record = fromBolt(installation);
      await db.transaction().execute(async (trx) => {
        await saveInstallation(trx, record, keys, parts.clock());
        // A workspace install names its workspace and organisation in Slack's own answer: record both, and
        // clear an uninstall mark (a reinstall keeps the history).
        if (!record.isEnterpriseInstall && record.teamId) {
          const workspace = { teamId: record.teamId, enterpriseId: record.enterpriseId };
          await recordInstallation(trx, workspace, { installed: true });
        } else if (record.enterpriseId) {
          await reinstalledInOrganisation(trx, record.enterpriseId);
        }
      });
    },
    // Bolt calls this for every request before any middleware (so before the request's own database budget):
    // the lookup gets a budget of its own, so that a database outage still leaves time to say so inside
    // Slack's 3 s. A token refresh (twice a day per workspace) keeps the pool's own timeouts: Slack has
    // revoked the old refresh token by the time the new one is saved, and a cut-short save would lose both.
    fetchInstallation: async (query) => {
      const found = await findInstallation(
        withinBudget(db, INSTALLATION_LOOKUP_BUDGET_MS),
        whereOf(query),
        keys,
      );
      if (!found) throw new Error(`no installation for ${describeQuery(query)}: install the app there`);
      return toBolt(await parts.refresher.fresh(found));
    },
    deleteInstallation: async (query) => {
      const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
      if (id) await deleteInstallation(db, id);
    },
  };
}

function whereOf(query: InstallationQuery<boolean>) {
  // An org-wide install is found by its enterprise alone; a workspace of an org may be served by either.
  return query.isEnterpriseInstall
    ? { teamId: null, enterpriseId: query.enterpriseId }
    : { teamId: query.teamId, enterpriseId: query.enterpriseId };
}

function describeQuery(query: InstallationQuery<boolean>): string {
  return query.isEnterpriseInstall ? `organisation ${query.enterpriseId}` : `workspace ${query.teamId}`;
}

/** What we keep of Bolt's installation; an org-wide install has no team (bolt-js #1823). */
export function fromBolt(installation: Installation): NewInstallation {
  const bot = installation.bot;
  if (!bot) throw new Error("the installation has no bot token: the app must ask for bot scopes");
  const isEnterpriseInstall = installation.isEnterpriseInstall === true;
  return {
    teamId: isEnterpriseInstall ? null : (installation.team?.id ?? null),
    teamName: isEnterpriseInstall ? null : (installation.team?.name ?? null),
    enterpriseId: installation.enterprise?.id ?? null,
    enterpriseName: installation.enterprise?.name ?? null,
    enterpriseUrl: installation.enterpriseUrl ?? null,
    isEnterpriseInstall,
    appId: installation.appId ?? null,
    botToken: bot.token,
    botId: bot.id ?? null,
    botUserId: bot.userId,
    botScopes: bot.scopes,
    botRefreshToken: bot.refreshToken ?? null,
    botTokenExpiresAt: bot.expiresAt === undefined ? null : new Date(bot.expiresAt * 1_000),
    installerUserId: installation.user.id,
  };
}

function toBolt(i: StoredInstallation): Installation {
  return {
    team: i.isEnterpriseInstall || !i.teamId ? undefined : { id: i.teamId, name: i.teamName ?? undefined },
    enterprise: i.enterpriseId ? { id: i.enterpriseId, name: i.enterpriseName ?? undefined } : undefined,
    user: { id: i.installerUserId, token: undefined, scopes: undefined },
    bot: {
      token: i.botToken,
      id: i.botId ?? "",
      userId: i.botUserId,
      scopes: [...i.botScopes],
      ...(i.botRefreshToken && i.botTokenExpiresAt
        ? { refreshToken: i.botRefreshToken, expiresAt: Math.floor(i.botTokenExpiresAt.getTime() / 1_000) }
        : {}),
    },
    appId: i.appId ?? undefined,
    enterpriseUrl: i.enterpriseUrl ?? undefined,
    tokenType: "bot",
    isEnterpriseInstall: i.isEnterpriseInstall,
    authVersion: "v2",
  } as Installation;
}
