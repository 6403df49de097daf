import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import { useBot } from "../support/fixture.js";
import { installThroughRoutes, OAUTH_ENV } from "../support/oauth.js";
import { slashCommand } from "../support/payloads.js";

// Socket Mode as Slack runs it: apps.connections.open hands out a WebSocket URL, Slack says hello,
// then sends envelopes that the app acks with their envelope_id and its reply.
let sockets: WebSocketServer;
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  sockets = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => sockets.once("listening", resolve));
  sockets.on("connection", (socket) => {
    socket.on("message", (data) => received.push(JSON.parse(String(data))));
    socket.send(
      JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0MLOPS" } }),
    );
  });
});
afterAll(async () => {
  await new Promise((resolve) => sockets?.close(resolve));
});
/** Slack hands out this file's WebSocket server. */
const connectHere = (slack: FakeSlack) =>
  slack.override((call) =>
    call.method === "apps.connections.open"
      ? { body: { ok: true, url: `ws://127.0.0.1:${(sockets.address() as { port: number }).port}/link` } }
      : undefined,
  );
const bot = useBot({
  env: () => ({ SLACK_APP_TOKEN: "xapp-1-A0MLOPS-test" }),
  beforeStart: connectHere,
});

describe("Socket Mode", () => {
  it("connects with the app token and answers a slash command over the socket", async () => {
    const open = bot.slack.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe("xapp-1-A0MLOPS-test");

    const [client] = [...sockets.clients];
    client?.send(
      JSON.stringify({
        envelope_id: "env-1",
        type: "slash_commands",
        payload: slashCommand("help"),
        accepts_response_payload: true,
      }),
    );
    await expect.poll(() => received.find((m) => m.envelope_id === "env-1")).toBeDefined();
    const ack = received.find((m) => m.envelope_id === "env-1") as {
      payload: { response_type: string; text: string };
    };
    expect(ack.payload.response_type).toBe("ephemeral");
    expect(ack.payload.text).toContain("/mlops help");
  });

  it("still serves the health endpoints on PORT", async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  });

  it("answers a path with a malformed %-escape with 400 there, as over HTTP, instead of never", async () => {
    const res = await fetch(`${bot.url}/api/v1/groups/%ZZ`, { signal: AbortSignal.timeout(2_000) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "bad_request" });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe("Socket Mode, as a distributed app (OAuth)", () => {
  const oauthBot = useBot({
    env: () => ({ ...OAUTH_ENV, SLACK_APP_TOKEN: "xapp-1-A0MLOPS-test" }),
    beforeStart: connectHere,
  });

  it("serves the install flow and the health endpoints on PORT", async () => {
    const res = await installThroughRoutes(oauthBot, { teamId: "T1ACME", teamName: "Acme", userId: "UANNA" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Acme");
    const rows = await oauthBot.db.selectFrom("slack_installations").select("installation_id").execute();
    expect(rows).toEqual([{ installation_id: "T1ACME" }]);
    expect((await fetch(`${oauthBot.url}/healthz`)).status).toBe(200);
  });
});
