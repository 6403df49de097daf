import { type RunningBot, startBot } from "../../src/bot.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { FakeSlack } from "../../src/fake-slack/server.js";
import type { Logger } from "../../src/logger.js";
import { silentLogger } from "./logger.js";
import { type Actor, buttonClick, type StateValues, slashCommand, viewSubmission } from "./payloads.js";
import { type SignOptions, signedHeaders, TEST_SIGNING_SECRET } from "./signing.js";

export interface BotUnderTest {
  readonly bot: RunningBot;
  readonly slack: FakeSlack;
  readonly url: string;
  /** POSTs a raw, signed body to /slack/events, as Slack does. */
  post(body: string, contentType: string, sign?: SignOptions | false): Promise<Response>;
  command(text: string, options?: Parameters<typeof slashCommand>[1]): Promise<Response>;
  click(actionId: string, options?: Parameters<typeof buttonClick>[1]): Promise<Response>;
  submit(
    callbackId: string,
    values: StateValues,
    options?: Parameters<typeof viewSubmission>[2],
  ): Promise<Response>;
  event(envelope: Record<string, unknown>): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  clock?: () => Date;
  /** Defaults to a silent logger; pass capturingLogger().logger to assert on log lines. */
  logger?: Logger;
  /** Prepares the fake Slack before the bot first calls it (e.g. Socket Mode's apps.connections.open). */
  beforeStart?: (slack: FakeSlack) => void;
  env?: Record<string, string>;
}

/** Runs the real Bolt app over HTTP on a free port, with a fake Slack Web API behind it. */
export async function startBotUnderTest(
  database: DatabaseHandle,
  options: HarnessOptions = {},
): Promise<BotUnderTest> {
  const slack = await new FakeSlack().start();
  options.beforeStart?.(slack);
  const config = loadConfig({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const bot = await startBot(config, {
    logger: options.logger ?? silentLogger(),
    database,
    clock: options.clock,
    webApi: { retries: 0 },
    // Tests drive tick(deps, now) themselves; a wall-clock cron would post behind their back.
    scheduler: false,
  });
  const url = `http://127.0.0.1:${bot.port}`;
  const post = (body: string, contentType: string, sign: SignOptions | false = {}) =>
    fetch(`${url}/slack/events`, {
      method: "POST",
      body,
      headers: sign === false ? { "content-type": contentType } : signedHeaders(body, contentType, sign),
    });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interactive = (payload: object) => post(form({ payload: JSON.stringify(payload) }), FORM);
  return {
    bot,
    slack,
    url,
    post,
    command: (text, o) =>
      post(
        form({ ...slashCommand(text, { responseUrl: slack.responseUrl(), ...o }) } as Record<string, string>),
        FORM,
      ),
    click: (actionId, o) =>
      interactive(buttonClick(actionId, { responseUrl: slack.responseUrl("action"), ...o })),
    submit: (callbackId, values, o) => interactive(viewSubmission(callbackId, values, o)),
    event: (envelope) => post(JSON.stringify(envelope), "application/json"),
    stop: async () => {
      await bot.stop();
      await slack.stop();
    },
  };
}

export const FORM = "application/x-www-form-urlencoded";

/** What a slash command's ack carries back to Slack. */
export interface CommandReply {
  response_type?: string;
  text?: string;
  blocks?: { type: string; block_id?: string; text?: { text: string }; elements?: unknown[] }[];
}

export async function replyOf(res: Response): Promise<CommandReply> {
  if (res.status !== 200) throw new Error(`expected 200 from the bot, got ${res.status}`);
  return (await res.json()) as CommandReply;
}

export type { Actor };
