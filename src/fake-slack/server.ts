// A stand-in for Slack's Web API, used by the tests and the benchmark. It lives in src/ so that a local
// playground can later run it inside the product; nothing else in src/ may import it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../fakes/loopback.js";
import { messageBlockProblems, strayAngleTexts } from "./block-kit.js";
import { DistributedAppLimits } from "./distributed.js";
import { type Answer, bearer, decodeArgs, readBody, send, uploadedBytes } from "./http.js";
import { METHODS } from "./methods/index.js";
import type { RecordedCall } from "./methods/types.js";
import { type FakeMessage, FakeWorkspace, type ResponseContext } from "./state.js";

export type { RecordedCall } from "./methods/types.js";
export { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeGrant } from "./oauth.js";
export type {
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeUser,
  FakeView,
  ResponseContext,
} from "./state.js";

/** A call Slack answered with ok:false (or a response_url refused): what a person in Slack would never see. */
export interface Refusal {
  method: string;
  error: string;
  messages: string[];
  at: number;
}

/** A message posted to a response_url (what respond() sends). */
export interface RecordedResponse {
  path: string;
  body: Record<string, unknown>;
}

// An override may answer later (a slow Slack), by returning a promise, or cut the connection ("reset")
// before Slack carries the call out.
type OverrideAnswer = Answer | "reset" | undefined;
type Override = (call: RecordedCall) => OverrideAnswer | Promise<OverrideAnswer>;

/** After Slack has carried a call out: answer it this many ms late, or cut the connection instead of answering. */
export type AfterEffect = number | "reset" | undefined;
type Aftermath = (call: RecordedCall) => AfterEffect;

/**
 * A faithful stand-in for Slack's Web API on loopback: form-encoded POSTs to /api/<method>,
 * JSON-encoded object arguments, `ok:false` errors with HTTP 200, and 429 with Retry-After.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  private readonly misread: string[] = [];
  /** The people and channels the fake knows; tests add to them. */
  readonly workspace = new FakeWorkspace();
  readonly users = this.workspace.users;
  readonly channels = this.workspace.channels;
  /** Files uploaded through files.uploadV2, by id. */
  readonly files = this.workspace.files;
  /** Calls Slack refused, oldest first (the playground shows them where Slack would stay silent). */
  readonly refusals: Refusal[] = [];
  /** History limits of a distributed app in OAuth mode; `distributed.marketplace = true` lifts them. */
  readonly distributed = new DistributedAppLimits();
  private readonly responseContexts = new Map<string, ResponseContext>();
  private responseCount = 0;
  private overrides: Override[] = [];
  private aftermaths: Aftermath[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    this.url = await listenOnLoopback(this.server);
    this.workspace.url = this.url;
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url the bot can respond() to, as Slack puts in command and action payloads. */
  responseUrl(id = "1"): string {
    return `${this.url}/hooks/commands/T0/${id}/secret`;
  }

  /** A response_url whose messages land in `context`'s conversation, as Slack's do. */
  responseUrlFor(context: ResponseContext): string {
    const id = `r${++this.responseCount}`;
    this.responseContexts.set(id, context);
    return `${this.url}/hooks/respond/${id}`;
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

  /**
   * Answers 429 with Retry-After (seconds) to matching calls, as Slack does per channel for chat.postMessage;
   * nothing is carried out. `times` limits how many calls are refused.
   */
  rateLimit(
    method: string,
    options: { channel?: string; retryAfterSeconds: number; times?: number },
  ): () => void {
    let left = options.times ?? Number.POSITIVE_INFINITY;
    return this.override((c) => {
      if (c.method !== method || left <= 0) return undefined;
      if (options.channel !== undefined && c.args.channel !== options.channel) return undefined;
      left--;
      const headers = { "retry-after": String(options.retryAfterSeconds) };
      return { status: 429, headers, body: { ok: false, error: "ratelimited" } };
    });
  }

  /**
   * Carries matching calls out, then answers late or drops the connection: Slack accepted the message
   * but the bot cannot know. The first hook that says something wins.
   */
  afterAccepting(fn: Aftermath): () => void {
    this.aftermaths.unshift(fn);
    return () => {
      this.aftermaths = this.aftermaths.filter((a) => a !== fn);
    };
  }

  /** The messages Slack holds, in every conversation or one (a DM's D… id), oldest first. */
  messages(conversation?: string): FakeMessage[] {
    const all = this.workspace.messages();
    return conversation === undefined ? all : all.filter((m) => m.channel === conversation);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Texts sent since the last time this was asked in which Slack would misread a "<" as the start of a link or
   * mention. Slack takes them and shows them wrongly, so nothing is refused; a reset keeps them for the asking.
   */
  misreadSinceAsked(): string[] {
    return this.misread.splice(0);
  }

  /** Resolves once `predicate` holds: listeners keep calling Slack after they ack. Fails after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`FakeSlack: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Slack works normally again: no more overrides, rate limits or late answers (what it holds stays). */
  clearFaults(): void {
    this.overrides = [];
    this.aftermaths = [];
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.refusals.length = 0;
    this.responseContexts.clear();
    this.clearFaults();
    this.distributed.clear();
    this.workspace.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const raw = bytes.toString("utf8");
    const path = req.url ?? "/";
    if (path.startsWith("/upload/")) return this.upload(req, res, path, bytes);
    if (path.startsWith("/hooks/")) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      // A response_url refuses blocks Slack will not show with HTTP 400 and a plain "invalid_blocks".
      const problems = body.blocks === undefined ? [] : messageBlockProblems(body.blocks);
      if (problems.length > 0) {
        this.refusals.push({
          method: "response_url",
          error: "invalid_blocks",
          messages: problems,
          at: Date.now(),
        });
        return send(res, { status: 400, body: {} }, "invalid_blocks");
      }
      this.responses.push({ path, body });
      this.misread.push(...strayAngleTexts(body));
      const context = this.responseContexts.get(path.split("/")[3] ?? "");
      if (context) this.workspace.respond(context, body);
      return send(res, { status: 200, body: { ok: true } }, "ok");
    }
    const method = path.replace(/^\/api\//, "").split("?")[0] ?? "";
    const call: RecordedCall = { method, args: decodeArgs(req, raw), token: bearer(req), at: Date.now() };
    this.calls.push(call);
    this.misread.push(...strayAngleTexts(call.args));
    for (const override of this.overrides) {
      const answer = await override(call);
      if (answer === "reset") return void req.socket.destroy();
      if (answer) return send(res, answer);
    }
    // A revoked token (an uninstall) is refused by every method, as Slack does.
    if (this.workspace.oauth.ownerOf(call.token)?.revoked) {
      return send(res, { status: 200, body: { ok: false, error: "token_revoked" } });
    }
    const owner = this.workspace.oauth.ownerOf(call.token);
    const limited = this.distributed.check(
      call,
      owner && (owner.teamId ?? owner.enterpriseId),
      this.workspace.clock(),
    );
    if (!("method" in limited)) return send(res, limited);
    const body = this.answer(limited);
    if (body.ok === false) this.refusals.push(refusal(call, body));
    const after = this.aftermaths.reduce<AfterEffect>((found, fn) => found ?? fn(call), undefined);
    if (after === "reset") return void req.socket.destroy();
    if (typeof after === "number") await new Promise((resolve) => setTimeout(resolve, after));
    // The caller may have given up waiting (its timeout): Slack would still have carried the call out.
    if (!res.destroyed) send(res, { status: 200, body });
  }

  /** The upload URL files.getUploadURLExternal handed out: Slack answers 200 "OK - <bytes>". */
  private async upload(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer): Promise<void> {
    const file = this.files.get(path.split("/").pop() ?? "");
    if (!file) return send(res, { status: 404, body: {} }, "not found");
    file.content = await uploadedBytes(req, raw);
    send(res, { status: 200, body: {} }, `OK - ${file.content.length}`);
  }

  private answer(call: RecordedCall): Record<string, unknown> {
    const handler = METHODS[call.method];
    return handler ? handler(call, this.workspace) : { ok: false, error: "unknown_method" };
  }
}

function refusal(call: RecordedCall, body: Record<string, unknown>): Refusal {
  const metadata = body.response_metadata as { messages?: unknown } | undefined;
  const listed = Array.isArray(body.errors) ? body.errors : (metadata?.messages ?? []);
  return {
    method: call.method,
    error: String(body.error),
    messages: Array.isArray(listed) ? listed.map(String) : [],
    at: call.at,
  };
}
