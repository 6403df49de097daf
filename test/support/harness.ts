import { type RunningBot, startBot } from "../../src/bot.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/connect.js";
import { messageBlockProblems, strayAngleTexts } from "../../src/fake-slack/block-kit.js";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import type { Logger } from "../../src/logger.js";
import { silentLogger } from "./logger.js";
import {
  type Actor,
  ALICE,
  buttonClick,
  type StateValues,
  slashCommand,
  viewSubmission,
} from "./payloads.js";
import { type SignOptions, signedHeaders, TEST_SIGNING_SECRET } from "./signing.js";

/** The real bot over HTTP, and what Slack would send it. */
export interface BotUnderTest {
  /** The running bot; its stop() may be called by a test and again by the fixture. */
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
}

export interface HarnessOptions {
  clock?: () => Date;
  /** Defaults to a silent logger; pass capturingLogger().logger to assert on log lines. */
  logger?: Logger;
  /** Prepares the fake Slack before the bot first calls it (e.g. Socket Mode's apps.connections.open). */
  beforeStart?: (slack: FakeSlack) => void;
  /** More settings, read when the bot starts (so they may name a port chosen by an earlier beforeAll). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Run the bot's own minute tick (default false: tests drive tick(deps, now) themselves). */
  scheduler?: boolean;
}

/** Runs the real Bolt app over HTTP on a free port, against a started FakeSlack. */
export async function startBotUnderTest(
  database: DatabaseHandle,
  slack: FakeSlack,
  options: HarnessOptions = {},
): Promise<BotUnderTest> {
  options.beforeStart?.(slack);
  const env = typeof options.env === "function" ? options.env() : options.env;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    LOG_LEVEL: "silent",
    // Tests send commands far faster than a person: the limits are tested on their own (rate-limit.test.ts).
    RATE_LIMITS: "off",
    ...env,
  });
  const checked = slack.callsTo("auth.test").length;
  const running = await startBot(config, {
    logger: options.logger ?? silentLogger(),
    database,
    clock: options.clock,
    webApi: { retries: 0 },
    // A wall-clock cron would post behind the back of tests that tick at chosen instants.
    scheduler: options.scheduler ?? false,
  });
  // The bot checks its token before starting and Bolt checks it again in the background: wait for both, so
  // that what a test sees in slack.calls is its own doing. In OAuth mode there is no token to check.
  if (!config.slack.oauth) await slack.waitFor(() => slack.callsTo("auth.test").length >= checked + 2);
  let stopping: Promise<void> | undefined;
  const bot: RunningBot = {
    port: running.port,
    deps: running.deps,
    stop: () => (stopping ??= running.stop()),
  };
  const url = `http://127.0.0.1:${bot.port}`;
  const post = (body: string, contentType: string, sign: SignOptions | false = {}) =>
    fetch(`${url}/slack/events`, {
      method: "POST",
      body,
      headers: sign === false ? { "content-type": contentType } : signedHeaders(body, contentType, sign),
    });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interactive = (payload: object) => post(form({ payload: JSON.stringify(payload) }), FORM);
  // Slack hands each interaction a fresh trigger_id; the fake refuses any it did not hand out in views.open.
  const trigger = (actor: Actor | undefined) => ({
    triggerId: slack.workspace.issueTrigger((actor ?? ALICE).userId),
  });
  return {
    bot,
    slack,
    url,
    post,
    command: (text, o) =>
      post(
        form({
          ...slashCommand(text, { responseUrl: slack.responseUrl(), ...trigger(o?.actor), ...o }),
        } as Record<string, string>),
        FORM,
      ),
    click: (actionId, o) =>
      interactive(
        buttonClick(actionId, { responseUrl: slack.responseUrl("action"), ...trigger(o?.actor), ...o }),
      ),
    submit: (callbackId, values, o) =>
      interactive(viewSubmission(callbackId, values, { ...trigger(o?.actor), ...o })),
    event: (envelope) => post(JSON.stringify(envelope), "application/json"),
  };
}

export const FORM = "application/x-www-form-urlencoded";

/** What a slash command's ack carries back to Slack. */
export interface CommandReply {
  response_type?: string;
  text?: string;
  blocks?: { type: string; block_id?: string; text?: { text: string }; elements?: unknown[] }[];
}

/** The ack's body; blocks Slack would refuse fail the test here, as the fake Slack fails posts. */
export async function replyOf(res: Response): Promise<CommandReply> {
  if (res.status !== 200) throw new Error(`expected 200 from the bot, got ${res.status}`);
  const reply = (await res.json()) as CommandReply;
  const problems = reply.blocks === undefined ? [] : messageBlockProblems(reply.blocks);
  if (problems.length > 0)
    throw new Error(`Slack would refuse this reply: invalid_blocks\n${problems.join("\n")}`);
  const stray = strayAngleTexts(reply);
  if (stray.length > 0)
    throw new Error(
      `Slack would read a "<" here as a link or mention; it must be &lt;:\n${stray.join("\n")}`,
    );
  return reply;
}

export type { Actor };
