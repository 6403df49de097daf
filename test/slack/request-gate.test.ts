// Requests that Slack's signature covers but that the bot must not act on, sent to the real endpoint:
// timestamps outside the five-minute window (either way), and signed bodies real Slack never sends. Each is
// answered at once, logs one warning, and changes nothing: no row, no Slack call.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { CHECKIN_CALLBACK, OPEN_CHECKIN_ACTION } from "../../src/slack/ids.js";
import { useBot } from "../support/fixture.js";
import { forgedHeaders } from "../support/flood.js";
import { newTeam } from "../support/flows.js";
import { FORM } from "../support/harness.js";
import { capturingLogger } from "../support/logger.js";
import { buttonClick, eventEnvelope, slashCommand, viewSubmission } from "../support/payloads.js";
import { everyRow } from "../support/rows.js";
import { type SignOptions, signedHeaders } from "../support/signing.js";

const log = capturingLogger("info");
const bot = useBot({ logger: log.logger, setup: (started) => newTeam(started, "Gatekeepers", "gate") });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const interaction = (payload: unknown) => form({ payload: JSON.stringify(payload) });
const helpCommand = form({ ...slashCommand("help") } as Record<string, string>);
const nowS = () => Math.floor(Date.now() / 1000);
// The gate compares whole seconds: a timestamp sent at the end of a second is read in the next one, so a
// request meant to be 301 s ahead is timed from the coming second, never to read as 300.
const aheadOf = (offset: number) => (offset > 0 ? Math.ceil(Date.now() / 1000) : nowS()) + offset;

/** Posts the body and reports what a watcher of the bot would see: status, body, time, warnings, changes. */
async function send(body: string, contentType = FORM, sign: SignOptions | false = {}) {
  const rowsBefore = await everyRow(bot.db);
  const callsBefore = bot.slack.calls.length;
  const linesBefore = log.lines().length;
  const started = Date.now();
  const res = await bot.post(body, contentType, sign);
  const text = await res.text();
  const ms = Date.now() - started;
  await new Promise((r) => setTimeout(r, 100)); // anything a listener would still do after answering
  const logged = log.lines().slice(linesBefore);
  return {
    status: res.status,
    text,
    ms,
    warnings: logged.filter((l) => l.level !== "info" && l.level !== "debug"),
    rowsChanged: JSON.stringify(await everyRow(bot.db)) !== JSON.stringify(rowsBefore),
    slackCalls: bot.slack.calls.slice(callsBefore).map((c) => c.method),
  };
}

function expectAnsweredWithoutEffect(outcome: Awaited<ReturnType<typeof send>>, status: number): void {
  expect(outcome).toMatchObject({ status, text: "", rowsChanged: false, slackCalls: [] });
  expect(outcome.ms).toBeLessThan(1_000);
  expect(outcome.warnings).toHaveLength(1);
}

describe("request timestamps", () => {
  it.each([
    ["301 s in the future", 301, /30[12] s in the future/],
    ["a year in the future", 365 * 86_400, "in the future"],
    ["301 s in the past", -301, /30[12] s in the past/],
    ["a fraction of a second", 0.5, "not a whole number of seconds"],
  ])("refuses one %s with 401, before Bolt sees it", async (_what, offset, reason) => {
    const outcome = await send(helpCommand, FORM, { timestamp: aheadOf(offset) });
    expectAnsweredWithoutEffect(outcome, 401);
    expect(outcome.warnings[0]).toMatchObject({ msg: "refused a request", status: 401 });
    expect(String(outcome.warnings[0]?.reason)).toMatch(reason);
  });

  it("accepts one 299 s away, either way", async () => {
    for (const timestamp of [nowS() + 299, nowS() - 299]) {
      const res = await bot.post(helpCommand, FORM, { timestamp });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { text: string }).text).toContain("/mlops help");
    }
  });
});

describe("signed requests that Slack never sends", () => {
  const submission = viewSubmission(CHECKIN_CALLBACK, {});
  const { state: _state, ...viewWithoutState } = submission.view;
  const { view: _view, ...withoutView } = submission;
  const { user: _user, ...clickWithoutUser } = buttonClick(OPEN_CHECKIN_ACTION, { value: "1" });

  it.each([
    ["payload=null", "payload=null", FORM, "payload is not a JSON object"],
    [
      "a view_submission without view.state",
      interaction({ ...submission, view: viewWithoutState }),
      FORM,
      "view.state",
    ],
    ["a view_submission without a view", interaction(withoutView), FORM, "view"],
    ["a block_actions without a user", interaction(clickWithoutUser), FORM, "user"],
    [
      "a form that is neither a command nor an interaction",
      form({ team_id: "T0", user_id: "U1" }),
      FORM,
      "neither",
    ],
    [
      "an event_callback without its event",
      JSON.stringify({ ...eventEnvelope({}), event: undefined }),
      "application/json",
      "event",
    ],
    [
      "an interaction whose type is not a string",
      interaction({ type: 5, user: { id: "U1" } }),
      FORM,
      "no type",
    ],
    ["a JSON body that is not an object", "null", "application/json", "not a JSON object"],
  ])(
    "answers %s with 400 at once, logs one warning and changes nothing",
    async (_what, body, type, reason) => {
      const outcome = await send(body, type);
      expectAnsweredWithoutEffect(outcome, 400);
      expect(outcome.warnings[0]).toMatchObject({ msg: "refused a request", status: 400 });
      expect(String(outcome.warnings[0]?.reason)).toMatch(reason);
    },
  );

  it.each([
    [
      "a block_actions with an unknown action_id",
      interaction(buttonClick("no_such_action")),
      'action_id "no_such_action"',
    ],
    [
      "a view_submission of an unknown modal",
      interaction(viewSubmission("no_such_modal", {})),
      'callback_id "no_such_modal"',
    ],
    [
      "a message shortcut",
      interaction({ type: "message_action", callback_id: "x", user: { id: "U1" } }),
      '"message_action"',
    ],
    [
      "another app's slash command",
      form({ ...slashCommand("x"), command: "/other" } as Record<string, string>),
      '"/other"',
    ],
  ])(
    "acknowledges %s with an empty 200 at once, logs one warning and changes nothing",
    async (_what, body, reason) => {
      const outcome = await send(body);
      expectAnsweredWithoutEffect(outcome, 200);
      expect(outcome.warnings[0]).toMatchObject({ msg: "acknowledged a request no listener answers" });
      expect(String(outcome.warnings[0]?.reason)).toMatch(reason);
    },
  );

  it("lets Slack's unsigned ssl_check through to Bolt, which answers it", async () => {
    const outcome = await send("ssl_check=1&token=legacy-verification-token", FORM, false);
    expect(outcome).toMatchObject({ status: 200, warnings: [], rowsChanged: false, slackCalls: [] });
  });

  it("still refuses such a body with 401 when it is not signed", async () => {
    for (const sign of [false, { secret: "not-the-secret" }] as const) {
      const outcome = await send("payload=null", FORM, sign);
      expect(outcome).toMatchObject({ status: 401, rowsChanged: false, slackCalls: [] });
    }
  });
});

/** Sends the headers and the first bytes of a body that declares more, and waits for the answer. */
function answerBeforeTheBody(headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(`${bot.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": FORM, "content-length": String(4 * 2 ** 20), ...headers },
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: Date.now() - started });
      req.destroy();
    });
    req.on("error", reject);
    req.setTimeout(5_000, () => req.destroy(new Error("the bot waited for the body")));
    req.write("payload=");
  });
}

describe("bodies Slack never sends: unsigned, forged, or larger than any payload of Slack's", () => {
  it("refuses an unsigned request from its headers, without waiting for its 4 MB body", async () => {
    expect(await answerBeforeTheBody({})).toMatchObject({ status: 401 });
  });

  it("refuses a declared body over 1 MiB from its headers, signature or not", async () => {
    expect(await answerBeforeTheBody(forgedHeaders())).toMatchObject({ status: 413 });
  });

  it("cuts a signed body at 1 MiB while reading it, when its length is not declared", async () => {
    const big = form({ ...slashCommand("x"), command: "/other", text: "a".repeat(2 ** 20) });
    const chunked = new Blob([big]).stream();
    const res = await fetch(`${bot.url}/slack/events`, {
      method: "POST",
      body: chunked,
      headers: signedHeaders(big, FORM),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("takes a signed body just under 1 MiB", async () => {
    const body = form({ ...slashCommand("x"), command: "/other", text: "a".repeat(2 ** 20 - 1_000) });
    const outcome = await send(body);
    expectAnsweredWithoutEffect(outcome, 200);
  });
});
