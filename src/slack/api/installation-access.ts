// OAuth mode: every call on behalf of a workspace uses the token of the installation that serves it — its own
// install, or its organisation's org-wide one — refreshed first when token rotation is on.
import { webApi } from "@slack/bolt";
import type { Kysely } from "kysely";
import type { TickConfig, TickOAuthConfig } from "../../config.js";
import { findInstallationForWorkspace, type StoredInstallation } from "../../db/installations.js";
import type { Database } from "../../db/schema.js";
import type { Logger } from "../../logger.js";
import {
  boltClientOptions,
  createClient,
  type SlackAccess,
  schedulerSettings,
  type WebApiSettings,
  type WebClient,
} from "./client.js";
import { type TokenRefresher, tokenRefresher } from "./token-refresh.js";

/** No installation serves this workspace (never installed, or uninstalled): nothing may be sent there. */
export class NotInstalled extends Error {
  override name = "NotInstalled";
  // Read like Slack's own refusal (slackErrorCode → "not_installed"): nothing was sent.
  readonly code = webApi.ErrorCode.PlatformError;
  readonly data = { ok: false, error: "not_installed" };
  constructor(readonly teamId: string) {
    super(`no installation serves workspace ${teamId}: install the app there (/slack/install)`);
  }
}

export interface InstallationAccess extends SlackAccess {
  readonly refresher: TokenRefresher;
  readonly oauth: TickOAuthConfig;
}

export function isInstallationAccess(access: SlackAccess): access is InstallationAccess {
  return "refresher" in access && "oauth" in access;
}

export function installationAccess(
  config: TickConfig & { slack: { oauth: TickOAuthConfig } },
  db: Kysely<Database>,
  logger: Logger,
  settings: WebApiSettings = {},
): InstallationAccess {
  const { oauth } = config.slack;
  const refresher = tokenRefresher(db, oauth, createClient(undefined, config, logger, settings));
  // One client per installation and kind, rebuilt when its token changes (a refresh, a reinstall).
  const clients = new Map<string, { token: string; client: WebClient }>();
  const clientFor = (installation: StoredInstallation, kind: "workspace" | "scheduler") => {
    const key = `${kind}:${installation.installationId}`;
    const cached = clients.get(key);
    if (cached?.token === installation.botToken) return cached.client;
    const client =
      kind === "workspace"
        ? createClient(installation.botToken, config, logger, settings)
        : createClient(installation.botToken, config, logger, schedulerSettings(config, settings), true);
    clients.set(key, { token: installation.botToken, client });
    return client;
  };
  const installationFor = async (teamId: string) => {
    const found = await findInstallationForWorkspace(db, teamId, oauth.tokenKeys);
    if (!found) throw new NotInstalled(teamId);
    return refresher.fresh(found);
  };
  return {
    oauth,
    refresher,
    boltClientOptions: boltClientOptions(config, settings),
    forWorkspace: async (teamId) => clientFor(await installationFor(teamId), "workspace"),
    forScheduler: async (teamId) => clientFor(await installationFor(teamId), "scheduler"),
  };
}
