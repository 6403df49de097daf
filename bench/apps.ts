// What the parent and the app processes agree on: credentials of the fake workspace and the bare reply.
import type { FakeSlack } from "../src/fake-slack/server.js";

export const BENCH_SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
export const BENCH_BOT_TOKEN = "xoxb-bench-token";

/** What the bare Bolt app acks every /mlops with. */
export const BARE_REPLY = "MLOps maturity bot: bare Bolt floor";

/** What the bare Bolt app publishes as everyone's Home. */
export const BARE_HOME = {
  type: "home" as const,
  blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: BARE_REPLY } }],
};

/**
 * The benchmark's organisation is one Enterprise Grid org whose workspaces share one org-wide install: one bot
 * token serving 20 workspaces, as the bot's one-token check allows (a plain workspace token serves only its own).
 */
export const BENCH_ORG_ACTOR = { enterpriseId: "E0BENCH", orgWide: true } as const;

/** Makes the fake Slack's bot token the org-wide install of the benchmark's organisation. */
export function installOrgWide(slack: FakeSlack): void {
  Object.assign(slack.workspace.identity, { teamId: "", ...BENCH_ORG_ACTOR });
}

export interface BareBoltOptions {
  signingSecret: string;
  token: string;
  slackApiUrl: string;
}

export interface BotServerOptions {
  /** The environment the bot's loadConfig() reads: the real configuration path. */
  env: Record<string, string>;
  /** ISO instant the bot's clock is fixed at, so its rounds match the seeded ones. */
  clockAt: string;
}

/** Channels the tick posts to at a time: the product's default, passed explicitly (TickOptions.concurrency). */
export const TICK_CONCURRENCY = 25;
