// Reading a channel's history for claims in doubt, as a commercially distributed app outside the Marketplace
// must (15 messages a page, one history call a minute per workspace), against the fake Slack enforcing that.

import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from "../../../src/fake-slack/server.js";
import { createClient } from "../../../src/slack/api/client.js";
import { DELIVERY_EVENT_TYPE, findPosted } from "../../../src/slack/api/keyed-messages.js";
import { testConfig } from "../../support/deps.js";
import { useFakeSlack } from "../../support/fixture.js";
import { silentLogger } from "../../support/logger.js";

const slack = useFakeSlack({ resetBetweenTests: true });
const MINUTE = 60_000;

/** A bot token Slack issued through an install (OAuth mode), for the scheduler's client. */
async function installedClient(): Promise<webApi.WebClient> {
  slack.workspace.oauth.grant("code-1", { teamId: "T1", userId: "UADMIN" });
  const access = await new webApi.WebClient(undefined, { slackApiUrl: slack.apiUrl }).oauth.v2.access({
    client_id: FAKE_CLIENT_ID,
    client_secret: FAKE_CLIENT_SECRET,
    code: "code-1",
  });
  return createClient(access.access_token, testConfig(slack), silentLogger(), { retries: 0 }, true);
}

/** The fake's clock, moved by the test: messages are stamped with it and the rate limit counts on it. */
function clockAt(start: number): { now: number } {
  const clock = { now: start };
  slack.workspace.clock = () => clock.now;
  return clock;
}

function chatter(channel: string, count: number): void {
  for (let i = 0; i < count; i++) slack.workspace.post({ channel, text: `chatter ${i}` });
}

function scheduled(channel: string, key: string): void {
  slack.workspace.post({
    channel,
    text: key,
    metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key, attempt: 1 } },
  });
}

describe("findPosted for a distributed app outside the Marketplace", () => {
  it("finds a message in a busy channel by reading only the claim's window, in one call of 15", async () => {
    const clock = clockAt(Date.parse("2026-03-23T10:00:00Z"));
    chatter("C1", 40); // an hour before the claim: outside the window
    clock.now += 60 * MINUTE;
    const claimedAt = new Date(clock.now);
    scheduled("C1", "k1");
    clock.now += 30 * MINUTE;
    chatter("C1", 40); // half an hour after the lease ran out: outside the window too
    const client = await installedClient();

    const answer = await findPosted(client, "C1", new Set(["k1"]), {
      since: claimedAt,
      until: new Date(claimedAt.getTime() + 2 * MINUTE),
    });
    expect(answer).toEqual({
      readable: true,
      found: new Map([["k1", { channel: "C1", ts: expect.any(String) }]]),
    });
    expect(slack.callsTo("conversations.history")).toHaveLength(1);
  });

  it("says the history is rate limited, at once, when the window needs a second page within the minute", async () => {
    const clock = clockAt(Date.parse("2026-03-23T10:00:00Z"));
    const claimedAt = new Date(clock.now);
    scheduled("C1", "k1");
    chatter("C1", 20); // newer than the message: it is on the second page of 15
    const client = await installedClient();

    const started = Date.now();
    const window = { since: claimedAt, until: new Date(claimedAt.getTime() + 2 * MINUTE) };
    expect(await findPosted(client, "C1", new Set(["k1"]), window)).toEqual({
      readable: false,
      error: "ratelimited",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const pages = slack.callsTo("conversations.history");
    expect(pages.map((c) => c.args.limit)).toEqual(["15", "15"]);
    expect(pages[1]?.args.cursor).toBeTruthy();
  });

  it("reads it in pages when the app is in the Marketplace", async () => {
    slack.distributed.marketplace = true;
    const clock = clockAt(Date.parse("2026-03-23T10:00:00Z"));
    const claimedAt = new Date(clock.now);
    scheduled("C1", "k1");
    chatter("C1", 20);
    const client = await installedClient();
    const window = { since: claimedAt, until: new Date(claimedAt.getTime() + 2 * MINUTE) };
    expect((await findPosted(client, "C1", new Set(["k1"]), window)).readable).toBe(true);
    expect(slack.callsTo("conversations.history")).toHaveLength(2);
  });
});

describe("the fake Slack's conversations.history for a distributed app", () => {
  async function history(token: string | undefined, args: Record<string, string> = {}) {
    const res = await fetch(`${slack.apiUrl}conversations.history`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ channel: "C1", limit: "100", ...args }),
    });
    const body = (await res.json()) as {
      messages?: unknown[];
      response_metadata?: { next_cursor?: string };
    };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
  }

  it("gives 15 messages a page and answers a second call within the minute with 429 ratelimited", async () => {
    const clock = clockAt(Date.parse("2026-03-23T10:00:00Z"));
    chatter("C1", 20);
    const token = (await installedClient()).token;
    const first = await history(token);
    expect(first.body.messages).toHaveLength(15);
    expect(first.body.response_metadata?.next_cursor).not.toBe("");
    const cursor = first.body.response_metadata?.next_cursor ?? "";
    const second = await history(token, { cursor });
    expect(second).toMatchObject({
      status: 429,
      retryAfter: "60",
      body: { ok: false, error: "ratelimited" },
    });
    clock.now += MINUTE;
    const next = await history(token, { cursor });
    expect(next.body.messages).toHaveLength(5);
  });

  it("keeps the usual limits for a single-workspace token and for a Marketplace app", async () => {
    clockAt(Date.parse("2026-03-23T10:00:00Z"));
    chatter("C1", 20);
    expect((await history("xoxb-test-token")).body.messages).toHaveLength(20);
    expect((await history("xoxb-test-token")).status).toBe(200);
    slack.distributed.marketplace = true;
    const token = (await installedClient()).token;
    expect((await history(token)).body.messages).toHaveLength(20);
    expect((await history(token)).status).toBe(200);
  });
});
