// OAuth mode in tests: the settings of a distributed app against the fake Slack, and an install through the
// bot's real routes as a browser would make it (the install page, its link's state, the state cookie).
import type { NewInstallation } from "../../src/db/installations.js";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeGrant } from "../../src/fake-slack/server.js";
import type { Where } from "./flows.js";
import type { BotUnderTest } from "./harness.js";

/** A fixed key, so that a test can decrypt what it finds; never one to use anywhere else. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");
export const TEST_PREVIOUS_KEY = Buffer.alloc(32, 9).toString("base64");

/** The bot's settings in OAuth mode: client id, secret, state secret and encryption key, and no bot token. */
export const OAUTH_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: "",
  SLACK_CLIENT_ID: FAKE_CLIENT_ID,
  SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
  SLACK_STATE_SECRET: "a-state-secret-for-tests-only",
  TOKEN_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
};

export interface InstallStart {
  /** The authorize URL behind the page's "Add to Slack" button. */
  readonly link: URL;
  readonly state: string;
  /** The state cookie the page set, as the browser sends it back (`name=value`). */
  readonly cookie: string;
  readonly page: string;
}

/** GET /slack/install as a browser: the page, its button's link and the cookie it set. */
export async function openInstallPage(bot: Pick<BotUnderTest, "url">): Promise<InstallStart> {
  const res = await fetch(`${bot.url}/slack/install`, { redirect: "manual" });
  if (res.status !== 200) throw new Error(`GET /slack/install answered ${res.status}`);
  const page = await res.text();
  const href = /id="add-to-slack" href="([^"]+)"/.exec(page)?.[1];
  if (!href) throw new Error("the install page has no Add to Slack link");
  const link = new URL(href.replaceAll("&#38;", "&"));
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { link, state: link.searchParams.get("state") ?? "", cookie, page };
}

/** Slack's redirect back after someone allowed the install: GET /slack/oauth_redirect. */
export function redirectBack(
  bot: Pick<BotUnderTest, "url">,
  query: Record<string, string>,
  cookie?: string,
): Promise<Response> {
  return fetch(`${bot.url}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
}

let codes = 0;

/** The whole install of a workspace or org, as a new user makes it: page, Allow in Slack, redirect back. */
export async function installThroughRoutes(bot: BotUnderTest, grant: FakeGrant): Promise<Response> {
  const start = await openInstallPage(bot);
  // Slack's codes look like "4724469134.4644010092847.232b4e6d…": digits, a dot, digits, a dot, hex.
  const code = `${4_724_469_134 + ++codes}.4644010092847.${"232b4e6d82c333b475fc30f5".repeat(2)}`;
  bot.slack.workspace.oauth.grant(code, grant);
  return redirectBack(bot, { code, state: start.state }, start.cookie);
}

/** Both companies' workspaces (ACME and BETA below) installed through the routes, as their admins would. */
export async function installAcmeAndBeta(bot: BotUnderTest): Promise<void> {
  for (const [where, teamName] of [
    [ACME, "Acme"],
    [BETA, "Beta"],
  ] as const) {
    await installThroughRoutes(bot, { teamId: where.actor.teamId, teamName, userId: where.actor.userId });
  }
}

/** Two workspaces of two companies, each with a team channel. */
export const ACME: Where = {
  actor: { teamId: "T1ACME", userId: "UANNA" },
  channelId: "C1MODELS",
  channelName: "models",
};
export const BETA: Where = {
  actor: { teamId: "T2BETA", userId: "UBEN" },
  channelId: "C2RANKING",
  channelName: "ranking",
};

/** A workspace install as the store keeps it, tokens in clear text (the store seals them). */
export function workspaceInstallation(
  teamId: string,
  changes: Partial<NewInstallation> = {},
): NewInstallation {
  return {
    teamId,
    teamName: null,
    enterpriseId: null,
    enterpriseName: null,
    enterpriseUrl: null,
    isEnterpriseInstall: false,
    appId: null,
    botToken: `xoxb-${teamId}-secret`,
    botId: null,
    botUserId: "UB",
    botScopes: ["chat:write"],
    botRefreshToken: null,
    botTokenExpiresAt: null,
    installerUserId: "UANNA",
    ...changes,
  };
}

/** The first Monday after today (plus `extraDays`), at hh:mm UTC: a team set up now is prompted then. */
export function nextMondayAt(hours: number, minutes: number, extraDays = 0): Date {
  const now = new Date();
  const ahead = ((8 - now.getUTCDay()) % 7 || 7) + extraDays;
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ahead, hours, minutes),
  );
}
