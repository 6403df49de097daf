// Token rotation (when the app has it on): a bot token lives 12 hours and is exchanged for a new one with its
// refresh token through oauth.v2.access. Slack revokes the refresh token used, so two refreshes of one
// installation at once would leave one of them holding dead tokens: every refresh here runs under the
// installation's row lock (SELECT … FOR UPDATE), in one process at a time per installation too, and looks
// again once it holds the lock, since another process may have refreshed meanwhile.
import type { Kysely } from "kysely";
import type { TickOAuthConfig } from "../../config.js";
import { lockInstallation, type StoredInstallation, saveRefreshedToken } from "../../db/installations.js";
import type { Database } from "../../db/schema.js";
import type { WebClient } from "./client.js";

/**
 * Bolt refreshes a token that expires within 2 hours while it authorizes a request; refreshing before that,
 * here (the installation store hands Bolt fresh tokens), means Bolt never refreshes beside us, outside the lock.
 */
export const REFRESH_BEFORE_EXPIRY_S = 2 * 60 * 60 + 10 * 60;

export function needsRefresh(installation: StoredInstallation, nowMs: number): boolean {
  const expiresAt = installation.botTokenExpiresAt;
  if (installation.botRefreshToken === null || expiresAt === null) return false;
  return expiresAt.getTime() - nowMs <= REFRESH_BEFORE_EXPIRY_S * 1_000;
}

/** The installation was removed while its token was being refreshed (uninstalled meanwhile). */
export class InstallationGone extends Error {
  override name = "InstallationGone";
}

export interface TokenRefresher {
  /** The installation with a token that is good for more than REFRESH_BEFORE_EXPIRY_S, refreshed if need be. */
  fresh(installation: StoredInstallation): Promise<StoredInstallation>;
}

export function tokenRefresher(
  db: Kysely<Database>,
  oauth: TickOAuthConfig,
  /** A client without a token (oauth.v2.access authenticates with the client id and secret). */
  noTokenClient: WebClient,
  now: () => number = Date.now,
): TokenRefresher {
  const inFlight = new Map<string, Promise<StoredInstallation>>();
  const refresh = (id: string) =>
    db.transaction().execute(async (trx) => {
      const locked = await lockInstallation(trx, id, oauth.tokenKeys);
      if (!locked) throw new InstallationGone(`installation ${id} was removed`);
      if (!needsRefresh(locked, now()) || locked.botRefreshToken === null) return locked;
      const answer = await noTokenClient.oauth.v2.access({
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        grant_type: "refresh_token",
        refresh_token: locked.botRefreshToken,
      });
      if (!answer.access_token || !answer.refresh_token || answer.expires_in === undefined) {
        throw new Error("oauth.v2.access answered a token refresh without a token, refresh token or expiry");
      }
      const at = new Date(now());
      const token = {
        botToken: answer.access_token,
        botRefreshToken: answer.refresh_token,
        botTokenExpiresAt: new Date(at.getTime() + answer.expires_in * 1_000),
      };
      await saveRefreshedToken(trx, id, token, oauth.tokenKeys, at);
      return { ...locked, ...token, updatedAt: at };
    });
  return {
    fresh: async (installation) => {
      if (!needsRefresh(installation, now())) return installation;
      const id = installation.installationId;
      const running = inFlight.get(id);
      if (running) return running;
      const started = refresh(id).finally(() => inFlight.delete(id));
      inFlight.set(id, started);
      return started;
    },
  };
}
