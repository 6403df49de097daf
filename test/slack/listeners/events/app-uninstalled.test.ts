import { describe, expect, it } from "vitest";
import { ensureWorkspace, findWorkspace } from "../../../../src/db/workspaces.js";
import { useBot } from "../../../support/fixture.js";
import { installThroughRoutes, OAUTH_ENV } from "../../../support/oauth.js";
import { eventEnvelope } from "../../../support/payloads.js";

// app_uninstalled and tokens_revoked, both handled in app-uninstalled.ts.
const bot = useBot();

describe("uninstalling the app", () => {
  it("marks only the uninstalling workspace, and a reinstall clears the mark", async () => {
    await ensureWorkspace(bot.db, { teamId: "T0", enterpriseId: null });
    await ensureWorkspace(bot.db, { teamId: "T1", enterpriseId: "E1" });
    const res = await bot.event(eventEnvelope({ type: "app_uninstalled" }, { teamId: "T0", userId: "UX" }));
    expect(res.status).toBe(200);
    await expect.poll(async () => (await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeInstanceOf(Date);
    expect((await findWorkspace(bot.db, "T1"))?.uninstalled_at).toBeNull();

    await ensureWorkspace(bot.db, { teamId: "T0", enterpriseId: null });
    expect((await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeNull();
  });

  it("treats a revoked bot token like an uninstall, but not a revoked user token", async () => {
    await ensureWorkspace(bot.db, { teamId: "T0", enterpriseId: null });
    await bot.event(
      eventEnvelope({ type: "tokens_revoked", tokens: { oauth: ["UX"] } }, { teamId: "T0", userId: "UX" }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect((await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeNull();
    await bot.event(
      eventEnvelope({ type: "tokens_revoked", tokens: { bot: ["UBOT"] } }, { teamId: "T0", userId: "UX" }),
    );
    await expect.poll(async () => (await findWorkspace(bot.db, "T0"))?.uninstalled_at).toBeInstanceOf(Date);
  });
});

describe("in OAuth mode", () => {
  const oauthBot = useBot({ env: OAUTH_ENV });
  const installed = async () =>
    (
      await oauthBot.db
        .selectFrom("slack_installations")
        .select("installation_id")
        .orderBy("installation_id")
        .execute()
    ).map((r) => r.installation_id);
  const uninstalledAt = async (teamId: string) => (await findWorkspace(oauthBot.db, teamId))?.uninstalled_at;

  it("tokens_revoked deletes the installation whose bot lost its tokens, not one of another bot", async () => {
    await installThroughRoutes(oauthBot, { teamId: "T1ACME", userId: "UANNA" });
    const [token] = oauthBot.slack.workspace.oauth.tokensOf("T1ACME");
    const botUser = oauthBot.slack.workspace.oauth.ownerOf(token)?.botUserId;
    const actor = { teamId: "T1ACME", userId: "UANNA" };
    // An older install's bot user: the current installation keeps serving the workspace.
    await oauthBot.event(eventEnvelope({ type: "tokens_revoked", tokens: { bot: ["UOLDBOT"] } }, actor));
    await new Promise((r) => setTimeout(r, 200));
    expect(await installed()).toEqual(["T1ACME"]);
    expect(await uninstalledAt("T1ACME")).toBeNull();

    await oauthBot.event(eventEnvelope({ type: "tokens_revoked", tokens: { bot: [botUser] } }, actor));
    await expect.poll(installed).toEqual([]);
    expect(await uninstalledAt("T1ACME")).toBeInstanceOf(Date);
  });

  it("app_uninstalled of an org-wide install deletes its tokens and stops every workspace it served; a reinstall resumes them", async () => {
    await installThroughRoutes(oauthBot, {
      enterpriseId: "E1GRID",
      isEnterpriseInstall: true,
      userId: "UORG",
    });
    await ensureWorkspace(oauthBot.db, { teamId: "T7DATA", enterpriseId: "E1GRID" });
    await ensureWorkspace(oauthBot.db, { teamId: "T8RISK", enterpriseId: "E1GRID" });
    const actor = { teamId: "T7DATA", userId: "UORG", enterpriseId: "E1GRID", orgWide: true };
    await oauthBot.event(eventEnvelope({ type: "app_uninstalled" }, actor));
    await expect.poll(installed).toEqual([]);
    expect(await uninstalledAt("T7DATA")).toBeInstanceOf(Date);
    expect(await uninstalledAt("T8RISK")).toBeInstanceOf(Date);

    await installThroughRoutes(oauthBot, {
      enterpriseId: "E1GRID",
      isEnterpriseInstall: true,
      userId: "UORG",
    });
    expect(await installed()).toEqual(["E1GRID"]);
    expect(await uninstalledAt("T7DATA")).toBeNull();
    expect(await uninstalledAt("T8RISK")).toBeNull();
  });

  it("app_uninstalled naming only the organisation (Slack's own example) deletes the org-wide installation", async () => {
    await installThroughRoutes(oauthBot, { enterpriseId: "E111", isEnterpriseInstall: true, userId: "UORG" });
    await ensureWorkspace(oauthBot.db, { teamId: "T9DOCS", enterpriseId: "E111" });
    expect(await installed()).toContain("E111");
    // docs.slack.dev's app_uninstalled example for an org-wide app, as bolt-python's tests send it: neither
    // team_id nor authorizations.
    const res = await oauthBot.event({
      token: "XXYYZZ",
      enterprise_id: "E111",
      api_app_id: "A0MLOPS",
      event: { type: "app_uninstalled" },
      type: "event_callback",
      event_id: "Ev08MFMKH6",
      event_time: 1234567890,
    });
    expect(res.status).toBe(200);
    await expect.poll(installed).not.toContain("E111");
    expect(await uninstalledAt("T9DOCS")).toBeInstanceOf(Date);
  });
});
