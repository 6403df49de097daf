// The install pages in OAuth mode, through the real routes: the Add to Slack page and its state cookie, the
// page after a completed install, and every way an install fails — each with a page that says what to do,
// and nothing stored.
import { describe, expect, it } from "vitest";
import { useBot, useDatabase } from "../support/fixture.js";
import { startBotUnderTest } from "../support/harness.js";
import {
  installThroughRoutes,
  OAUTH_ENV,
  openInstallPage,
  redirectBack,
  TEST_PREVIOUS_KEY,
} from "../support/oauth.js";

const database = useDatabase();
const bot = useBot({ env: OAUTH_ENV, resetBetweenTests: true, database: () => database.handle });

const installations = () => bot.db.selectFrom("slack_installations").select("installation_id").execute();
const workspaces = () => bot.db.selectFrom("workspaces").select("team_id").execute();

/** Text a person reads on a page: tags dropped, entities decoded, white space folded. */
function readable(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<\/?(code|strong|a)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, " ")
    .trim();
}

describe("GET /slack/install", () => {
  it("shows an Add to Slack button whose link asks for the bot's scopes, with a state tied to this browser", async () => {
    const start = await openInstallPage(bot);
    expect(readable(start.page)).toContain("Add to Slack");
    expect(readable(start.page)).toContain("Finish the install in this browser");
    expect(start.link.origin + start.link.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(start.link.searchParams.get("client_id")).toBe(OAUTH_ENV.SLACK_CLIENT_ID);
    expect(start.link.searchParams.get("scope")?.split(",")).toEqual(
      expect.arrayContaining(["commands", "chat:write", "im:history"]),
    );
    expect(start.state).not.toBe("");
    expect(start.cookie).toBe(`slack-app-oauth-state=${start.state}`);
  });
});

describe("GET /slack/oauth_redirect", () => {
  it("says which workspace was connected and what to do next", async () => {
    const res = await installThroughRoutes(bot, { teamId: "T1ACME", teamName: "Acme <ML>", userId: "UANNA" });
    expect(res.status).toBe(200);
    const text = readable(await res.text());
    expect(text).toContain("MLOps Maturity is installed in the workspace Acme <ML> (T1ACME)");
    expect(text).toContain("type /mlops setup in a team's channel");
    expect(await installations()).toEqual([{ installation_id: "T1ACME" }]);
    expect(await workspaces()).toEqual([{ team_id: "T1ACME" }]);
  });

  it("says so for an org-wide install, keyed by the organisation", async () => {
    const res = await installThroughRoutes(bot, {
      enterpriseId: "E1GRID",
      enterpriseName: "Grid Corp",
      isEnterpriseInstall: true,
      userId: "UORGADMIN",
    });
    expect(res.status).toBe(200);
    const text = readable(await res.text());
    expect(text).toContain("installed for the whole organisation Grid Corp (E1GRID)");
    expect(text).toContain("Add to more workspaces");
    const [row] = await bot.db.selectFrom("slack_installations").selectAll().execute();
    expect(row).toMatchObject({ installation_id: "E1GRID", team_id: null, is_enterprise_install: true });
  });

  it("a reinstall replaces the row: the newest installation wins", async () => {
    await installThroughRoutes(bot, { teamId: "T1ACME", teamName: "Acme", userId: "UANNA" });
    await installThroughRoutes(bot, { teamId: "T1ACME", teamName: "Acme ML", userId: "UBORIS" });
    const rows = await bot.db.selectFrom("slack_installations").selectAll().execute();
    expect(rows.map((r) => [r.installation_id, r.team_name, r.installer_user_id])).toEqual([
      ["T1ACME", "Acme ML", "UBORIS"],
    ]);
  });

  it.each([
    ["a forged state", (state: string) => ({ code: "code-x", state: `${state.slice(0, -4)}AAAA` }), true],
    ["a missing state", () => ({ code: "code-x" }), true],
    ["no state cookie (lost behind a proxy)", (state: string) => ({ code: "code-x", state }), false],
  ] as const)(
    "refuses %s, explains the cookie and the same browser, and stores nothing",
    async (_what, query, cookie) => {
      const start = await openInstallPage(bot);
      bot.slack.workspace.oauth.grant("code-x", { teamId: "T9EVIL", userId: "UEVE" });
      const res = await redirectBack(bot, query(start.state), cookie ? start.cookie : undefined);
      expect(res.status).toBe(400);
      const text = readable(await res.text());
      expect(text).toContain("This install link has expired or is not from this browser");
      expect(text).toContain("did not start at /slack/install in this browser");
      expect(text).toContain("Nothing was installed and nothing was stored");
      expect(text).toContain("Start the install again");
      expect(bot.slack.callsTo("oauth.v2.access")).toEqual([]);
      expect(await installations()).toEqual([]);
      expect(await workspaces()).toEqual([]);
    },
  );

  it("a state used once does not work twice", async () => {
    const start = await openInstallPage(bot);
    bot.slack.workspace.oauth.grant("code-1", { teamId: "T1ACME", userId: "UANNA" });
    expect((await redirectBack(bot, { code: "code-1", state: start.state }, start.cookie)).status).toBe(200);
    // The cookie was cleared by the first answer; the browser no longer sends it.
    const again = await redirectBack(bot, { code: "code-1", state: start.state });
    expect(again.status).toBe(400);
  });

  it("says the install was cancelled when the person clicked Cancel in Slack, and stores nothing", async () => {
    const start = await openInstallPage(bot);
    const res = await redirectBack(bot, { error: "access_denied", state: start.state }, start.cookie);
    const text = readable(await res.text());
    expect(text).toContain("The install was cancelled in Slack");
    expect(text).toContain("Nothing was installed and nothing was stored");
    expect(await installations()).toEqual([]);
  });

  it("explains an oauth.v2.access error (an expired code) and stores nothing", async () => {
    const start = await openInstallPage(bot);
    // No grant registered: Slack answers invalid_code, as for a code used twice or older than 10 minutes.
    const res = await redirectBack(bot, { code: "stale", state: start.state }, start.cookie);
    expect(res.status).toBe(502);
    const text = readable(await res.text());
    expect(text).toContain("Slack refused to hand over the app's token (invalid_code)");
    expect(text).toContain("works once and for 10 minutes only");
    expect(bot.slack.callsTo("oauth.v2.access")).toHaveLength(1);
    expect(await installations()).toEqual([]);
    expect(await workspaces()).toEqual([]);
  });
});

describe("a changed TOKEN_ENCRYPTION_KEY", () => {
  it("stops the start with a sentence that says to set the previous key", async () => {
    await installThroughRoutes(bot, { teamId: "T1ACME", userId: "UANNA" });
    const env = { ...OAUTH_ENV, TOKEN_ENCRYPTION_KEY: TEST_PREVIOUS_KEY };
    await expect(startBotUnderTest(database.handle, bot.slack, { env })).rejects.toThrow(
      /^1 stored installation token was encrypted with key [0-9a-f]{8}, which is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS\. Set TOKEN_ENCRYPTION_KEY_PREVIOUS/,
    );
    // With the old key as the previous one it starts, and serves the workspace.
    const restarted = await startBotUnderTest(database.handle, bot.slack, {
      env: { ...env, TOKEN_ENCRYPTION_KEY_PREVIOUS: OAUTH_ENV.TOKEN_ENCRYPTION_KEY ?? "" },
    });
    await restarted.bot.stop();
  });
});
