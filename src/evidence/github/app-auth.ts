// The App's credentials: a JWT signed with its private key (by @octokit/auth-app) for the App's own routes,
// and installation access tokens, cached until shortly before they expire and renewed then (or at once when
// GitHub stops accepting one).
import { createAppAuth } from "@octokit/auth-app";
import type { Failure, Transport } from "./transport.js";

/** Renew a token this long before GitHub's expiry, so a call in flight never carries an expired one. */
const RENEW_BEFORE_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: Date;
}

export class AppAuth {
  private readonly auth: ReturnType<typeof createAppAuth>;
  private readonly tokens = new Map<number, Promise<CachedToken | Failure>>();
  private jwt: CachedToken | undefined;
  /** Installation tokens obtained from GitHub so far (a test reads it to see the cache work). */
  issued = 0;

  constructor(
    appId: string | number,
    privateKey: string,
    private readonly transport: Transport,
    private readonly now: () => Date,
  ) {
    this.auth = createAppAuth({ appId, privateKey, request: transport.request });
  }

  /**
   * `bearer <jwt>`, for GET /app and the installation of a repository; one JWT (valid ten minutes) serves
   * until a minute before it expires, since signing one costs more than the call it authorises.
   */
  async appAuthorization(): Promise<string> {
    if (!this.jwt || this.expiring(this.jwt)) {
      const { token, expiresAt } = await this.auth({ type: "app" });
      this.jwt = { token, expiresAt: new Date(expiresAt) };
    }
    return `bearer ${this.jwt.token}`;
  }

  /** `token <installation token>`, from the cache while it has more than a minute left. */
  async installationAuthorization(installationId: number): Promise<string | Failure> {
    const seen = this.tokens.get(installationId);
    const found = seen ? await seen : undefined;
    if (found && "token" in found && !this.expiring(found)) return `token ${found.token}`;
    // Callers that saw the same stale entry share one renewal; one that failed is not kept, so a caller that
    // finds none (another caller's renewal failed meanwhile) starts its own.
    let renewing = this.tokens.get(installationId);
    if (renewing === undefined || renewing === seen) {
      const started = this.renew(installationId);
      renewing = started;
      this.tokens.set(installationId, started);
      void started.then((result) => {
        if (!("token" in result) && this.tokens.get(installationId) === started)
          this.tokens.delete(installationId);
      });
    }
    const renewed = await renewing;
    return "token" in renewed ? `token ${renewed.token}` : renewed;
  }

  private expiring(token: CachedToken): boolean {
    return token.expiresAt.getTime() - this.now().getTime() <= RENEW_BEFORE_MS;
  }

  /** GitHub refused the token (revoked, or expired early): the next call gets a new one. */
  forget(installationId: number): void {
    this.tokens.delete(installationId);
  }

  private async renew(installationId: number): Promise<CachedToken | Failure> {
    const limited = this.transport.guard.limitedUntil("app", this.now());
    if (limited) return { kind: "limited", until: limited };
    try {
      const result = await this.auth({ type: "installation", installationId, refresh: true });
      this.issued++;
      return { token: result.token, expiresAt: new Date(result.expiresAt) };
    } catch (err) {
      const failure = this.transport.failure(err, "app");
      if (failure.kind !== "status") return failure;
      return {
        kind: "unavailable",
        reason: `GitHub refused an installation token (${failure.status} ${failure.message})`,
        // A 401 here is the App's token refused: its id or key is wrong, and asking again will not help.
        ...(failure.status === 401 ? { appRefused: true as const } : {}),
      };
    }
  }
}
