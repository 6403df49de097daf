// Token rotation outside requests (the scheduler, the CLI): one refresh at a time per installation, under its
// row lock, however many callers — in one process or several — find its token expiring at once. Slack revokes
// a refresh token once used, so a second refresh with it fails: the fake does the same.

import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { findInstallation, saveInstallation } from "../../../src/db/installations.js";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from "../../../src/fake-slack/server.js";
import { installationAccess } from "../../../src/slack/api/installation-access.js";
import {
  needsRefresh,
  REFRESH_BEFORE_EXPIRY_S,
  tokenRefresher,
} from "../../../src/slack/api/token-refresh.js";
import { useDatabase, useFakeSlack } from "../../support/fixture.js";
import { silentLogger } from "../../support/logger.js";
import { OAUTH_ENV, workspaceInstallation } from "../../support/oauth.js";

const database = useDatabase({ poolSize: 6, resetBetweenTests: true });
const slack = useFakeSlack({ resetBetweenTests: true });

/** The bot's configuration in OAuth mode, against this file's fake Slack. */
function oauthMode() {
  const config = loadConfig({ ...OAUTH_ENV, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: slack.apiUrl });
  const { oauth } = config.slack;
  if (!oauth) throw new Error("OAuth mode expected");
  return { ...config, slack: { ...config.slack, oauth } };
}
const keys = () => oauthMode().slack.oauth.tokenKeys;

/** A workspace installed with token rotation on; its first token expires in `expiresIn` seconds. */
async function installWithRotation(teamId: string, expiresIn: number) {
  slack.workspace.oauth.grant(`code-${teamId}`, { teamId, userId: "UANNA", expiresIn });
  const answer = slack.workspace.oauth.access({
    client_id: FAKE_CLIENT_ID,
    client_secret: FAKE_CLIENT_SECRET,
    code: `code-${teamId}`,
  });
  const installation = workspaceInstallation(teamId, {
    botToken: String(answer.access_token),
    botUserId: String(answer.bot_user_id),
    botRefreshToken: String(answer.refresh_token),
    botTokenExpiresAt: new Date(Date.now() + expiresIn * 1_000),
  });
  await saveInstallation(database.db, installation, keys(), new Date());
  await database.db.insertInto("workspaces").values({ team_id: teamId, enterprise_id: null }).execute();
  const stored = await findInstallation(database.db, { teamId, enterpriseId: null }, keys());
  if (!stored) throw new Error("not stored");
  return stored;
}

const refreshCalls = () =>
  slack.callsTo("oauth.v2.access").filter((c) => c.args.grant_type === "refresh_token");
const noTokenClient = () =>
  new webApi.WebClient(undefined, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });

describe("token refresh", () => {
  it("refreshes once when five callers in two processes find the token expiring at the same time", async () => {
    const installation = await installWithRotation("T1ACME", 60 * 60);
    const { oauth } = oauthMode().slack;
    // Two refreshers: two processes, each with its own in-process de-duplication, sharing only the database.
    const processes = [
      tokenRefresher(database.db, oauth, noTokenClient()),
      tokenRefresher(database.db, oauth, noTokenClient()),
    ];
    const results = await Promise.all([0, 1, 0, 1, 1].map((p) => processes[p]?.fresh(installation)));
    expect(refreshCalls()).toHaveLength(1);
    const tokens = new Set(results.map((r) => r?.botToken));
    expect(tokens.size).toBe(1);
    const [fresh] = [...tokens];
    expect(fresh).not.toBe(installation.botToken);
    expect(fresh).toMatch(/^xoxe\.xoxb-T1ACME-/);
    const stored = await findInstallation(database.db, { teamId: "T1ACME", enterpriseId: null }, keys());
    expect(stored?.botToken).toBe(fresh);
    expect(stored?.botRefreshToken).not.toBe(installation.botRefreshToken);
    expect(needsRefresh(stored ?? installation, Date.now())).toBe(false);
  });

  it("leaves a token alone that is good for longer than Bolt's 2 hours and our margin", async () => {
    const installation = await installWithRotation("T2BETA", REFRESH_BEFORE_EXPIRY_S + 600);
    const { oauth } = oauthMode().slack;
    expect(await tokenRefresher(database.db, oauth, noTokenClient()).fresh(installation)).toBe(installation);
    expect(refreshCalls()).toEqual([]);
  });

  it("the scheduler's client posts with the refreshed token", async () => {
    const installation = await installWithRotation("T3GAMMA", 60);
    const access = installationAccess(oauthMode(), database.db, silentLogger(), { retries: 0 });
    const client = await access.forScheduler("T3GAMMA");
    await client.chat.postMessage({ channel: "C1", text: "hello" });
    const [post] = slack.callsTo("chat.postMessage");
    expect(post?.token).not.toBe(installation.botToken);
    expect(post?.token).toMatch(/^xoxe\.xoxb-T3GAMMA-/);
    expect(refreshCalls()).toHaveLength(1);
  });

  it("names the workspace when no installation serves it", async () => {
    const access = installationAccess(oauthMode(), database.db, silentLogger());
    await expect(access.forScheduler("T404")).rejects.toThrow("no installation serves workspace T404");
  });
});
