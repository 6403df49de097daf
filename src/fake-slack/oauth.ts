// The fake's OAuth: install grants (the `code` Slack redirects back with), the bot tokens they become, token
// rotation (a refresh token works once), and revocation. auth.test answers for each token as its installation.

/** What a person approves on Slack's install screen: a workspace, or a whole Enterprise Grid org. */
export interface FakeGrant {
  readonly teamId?: string;
  readonly teamName?: string;
  readonly enterpriseId?: string;
  readonly enterpriseName?: string;
  readonly isEnterpriseInstall?: boolean;
  /** Who installed it. */
  readonly userId: string;
  /** Token rotation on: the first token expires after this many seconds (Slack: 43,200, 12 hours). */
  readonly expiresIn?: number;
}

/** Who a bot token is. */
export interface FakeTokenOwner {
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
  readonly isEnterpriseInstall: boolean;
  readonly botUserId: string;
  readonly botId: string;
}

export const FAKE_CLIENT_ID = "1111.2222";
export const FAKE_CLIENT_SECRET = "fake-client-secret";

export class FakeOAuth {
  /** Codes not yet exchanged; each works once. */
  private readonly grants = new Map<string, FakeGrant>();
  /** Every bot token handed out, live or revoked. */
  readonly tokens = new Map<string, FakeTokenOwner & { revoked: boolean }>();
  private readonly refreshTokens = new Map<string, { owner: FakeTokenOwner; used: boolean }>();
  /** Expiry of refreshed tokens (Slack: 12 hours). */
  refreshedExpiresIn = 43_200;
  private issued = 0;
  /** The code of the last install exchanged for a token (tests look for it where it must not be). */
  lastExchangedCode: string | undefined;

  /** Registers what the next redirect's `code` stands for, as Slack does when someone clicks Allow. */
  grant(code: string, grant: FakeGrant): void {
    this.grants.set(code, grant);
  }

  /** The bot tokens issued to a workspace or org (newest last). */
  tokensOf(installationId: string): string[] {
    return [...this.tokens]
      .filter(([, o]) => (o.isEnterpriseInstall ? o.enterpriseId : o.teamId) === installationId)
      .map(([token]) => token);
  }

  /** Every bot and refresh token handed out. */
  issuedSecrets(): string[] {
    return [...this.tokens.keys(), ...this.refreshTokens.keys()];
  }

  ownerOf(token: string | undefined): (FakeTokenOwner & { revoked: boolean }) | undefined {
    return token === undefined ? undefined : this.tokens.get(token);
  }

  /** Revokes every token of a workspace or org, as an uninstall does. */
  revoke(installationId: string): void {
    for (const token of this.tokensOf(installationId)) {
      const owner = this.tokens.get(token);
      if (owner) this.tokens.set(token, { ...owner, revoked: true });
    }
  }

  /** oauth.v2.access: a code for an install, or a refresh token for a new token (grant_type=refresh_token). */
  access(args: Record<string, unknown>): Record<string, unknown> {
    if (args.client_id !== FAKE_CLIENT_ID) return { ok: false, error: "invalid_client_id" };
    if (args.client_secret !== FAKE_CLIENT_SECRET) return { ok: false, error: "bad_client_secret" };
    if (args.grant_type === "refresh_token") return this.refresh(String(args.refresh_token ?? ""));
    const code = String(args.code ?? "");
    const grant = this.grants.get(code);
    if (!grant) return { ok: false, error: "invalid_code" };
    this.grants.delete(code);
    this.lastExchangedCode = code;
    const isEnterpriseInstall = grant.isEnterpriseInstall === true;
    const owner: FakeTokenOwner = {
      teamId: isEnterpriseInstall ? undefined : grant.teamId,
      enterpriseId: grant.enterpriseId,
      isEnterpriseInstall,
      botUserId: `UB${(grant.teamId ?? grant.enterpriseId ?? "").slice(1)}`,
      botId: `BB${(grant.teamId ?? grant.enterpriseId ?? "").slice(1)}`,
    };
    const rotation = grant.expiresIn !== undefined;
    const token = this.issue(owner, rotation);
    return {
      ok: true,
      app_id: "AFAKE",
      authed_user: { id: grant.userId },
      scope: "commands,chat:write",
      token_type: "bot",
      access_token: token,
      bot_user_id: owner.botUserId,
      team: isEnterpriseInstall ? null : { id: grant.teamId, name: grant.teamName },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: grant.enterpriseName } : null,
      is_enterprise_install: isEnterpriseInstall,
      ...(rotation ? { refresh_token: this.refreshTokenFor(owner), expires_in: grant.expiresIn } : {}),
    };
  }

  private refresh(refreshToken: string): Record<string, unknown> {
    const entry = this.refreshTokens.get(refreshToken);
    // Slack revokes a refresh token once used: a second refresh with it fails (node-slack-sdk #2504).
    if (!entry || entry.used) return { ok: false, error: "invalid_refresh_token" };
    entry.used = true;
    return {
      ok: true,
      token_type: "bot",
      access_token: this.issue(entry.owner, true),
      refresh_token: this.refreshTokenFor(entry.owner),
      expires_in: this.refreshedExpiresIn,
    };
  }

  private issue(owner: FakeTokenOwner, rotation: boolean): string {
    const who = owner.isEnterpriseInstall ? owner.enterpriseId : owner.teamId;
    const token = `${rotation ? "xoxe.xoxb" : "xoxb"}-${who}-${++this.issued}-${Math.random().toString(36).slice(2, 10)}`;
    this.tokens.set(token, { ...owner, revoked: false });
    return token;
  }

  private refreshTokenFor(owner: FakeTokenOwner): string {
    const token = `xoxe-1-${++this.issued}-${Math.random().toString(36).slice(2, 10)}`;
    this.refreshTokens.set(token, { owner, used: false });
    return token;
  }
}
