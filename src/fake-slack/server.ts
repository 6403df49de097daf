// A stand-in for Slack's Web API, used by the tests and the benchmark. It lives in src/ so that a local
// playground can later run it inside the product; nothing else in src/ may import it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One Web API call as the bot made it: the method, its decoded arguments and the bearer token. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

/** A message posted to a response_url (what respond() sends). */
export interface RecordedResponse {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };
// An override may answer later (a slow Slack), by returning a promise.
type Override = (call: RecordedCall) => Answer | undefined | Promise<Answer | undefined>;

/**
 * A faithful stand-in for Slack's Web API on loopback: form-encoded POSTs to /api/<method>,
 * JSON-encoded object arguments, `ok:false` errors with HTTP 200, and 429 with Retry-After.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, { id: string; name: string; is_private?: boolean }>();
  private overrides: Override[] = [];
  private server: Server | undefined;
  private nextTs = 1_700_000_000;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url the bot can respond() to, as Slack puts in command and action payloads. */
  responseUrl(id = "1"): string {
    return `${this.url}/hooks/commands/T0/${id}/secret`;
  }

  /** Answers matching calls differently (errors, rate limits); the newest override wins. */
  override(fn: Override): () => void {
    this.overrides.unshift(fn);
    return () => {
      this.overrides = this.overrides.filter((o) => o !== fn);
    };
  }

  /** Fails every call of `method` (optionally only for one channel) with a Slack error code. */
  fail(method: string, error: string, channel?: string): () => void {
    return this.override((c) =>
      c.method === method && (channel === undefined || c.args.channel === channel)
        ? { body: { ok: false, error } }
        : undefined,
    );
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `predicate` holds: listeners keep calling Slack after they ack. Fails after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`FakeSlack: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.overrides = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? "/";
    if (path.startsWith("/hooks/")) {
      this.responses.push({ path, body: JSON.parse(raw) as Record<string, unknown> });
      return send(res, { status: 200, body: { ok: true } }, "ok");
    }
    const method = path.replace(/^\/api\//, "").split("?")[0] ?? "";
    const call: RecordedCall = { method, args: decodeArgs(req, raw), token: bearer(req), at: Date.now() };
    this.calls.push(call);
    for (const override of this.overrides) {
      const answer = await override(call);
      if (answer) return send(res, answer);
    }
    send(res, { status: 200, body: this.answer(call) });
  }

  private answer({ method, args }: RecordedCall): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: "mlops",
          team_id: "T0",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "chat.postMessage":
      case "chat.update":
        return {
          ok: true,
          channel: args.channel,
          ts: String(args.ts ?? `${this.nextTs++}.000100`),
          message: { text: args.text },
        };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${this.nextTs++}.000200` };
      case "views.open":
      case "views.update":
      case "views.push":
      case "views.publish":
        return { ok: true, view: { id: `V${this.calls.length}`, ...(args.view as object) } };
      case "users.info": {
        const user = this.users.get(String(args.user));
        return user
          ? { ok: true, user: { tz: "UTC", is_admin: false, is_owner: false, ...user } }
          : { ok: false, error: "user_not_found" };
      }
      case "conversations.info": {
        const channel = this.channels.get(String(args.channel)) ?? {
          id: String(args.channel),
          name: `channel-${args.channel}`,
        };
        return { ok: true, channel };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users).split(",")[0]}` } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// WebClient sends form fields and JSON-stringifies objects such as `blocks` and `view`.
function decodeArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers["content-type"] ?? "").includes("application/json")) return JSON.parse(raw || "{}");
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw))
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7) : undefined;
}

function send(res: ServerResponse, answer: Answer, text?: string): void {
  res.writeHead(answer.status ?? 200, {
    "content-type": text ? "text/plain" : "application/json",
    ...answer.headers,
  });
  res.end(text ?? JSON.stringify(answer.body));
}
