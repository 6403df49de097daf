// A stand-in for GitHub's REST API as a GitHub App sees it, used by the tests and the playground, on
// loopback: app JWTs checked against the App's public key, installation tokens that expire, 404 for
// repositories the App is not installed on, rate-limit headers and refusals, and fault switches. Nothing in
// src/ outside the playground may import it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../fakes/loopback.js";
import { createFakeApp, type FakeApp, jwtProblem, TokenStore } from "./auth.js";
import { type Bucket, type LimitStatus, RateLimits, rateLimitHeaders } from "./rate-limit.js";
import { appRoute, notFound, type Reply, type RouteContext, repositoryRoute } from "./routes.js";
import { FakeGitHubState } from "./state.js";

export type { FakeApp } from "./auth.js";
export type { FakeDeployment, FakeRepository, FakeRun } from "./state.js";

export interface RecordedGitHubCall {
  method: string;
  /** The path without the API prefix or the query. */
  path: string;
  query: URLSearchParams;
  auth: "jwt" | "token" | "none";
  at: number;
}

export interface FakeGitHubOptions {
  /** `/api/v3` to serve the API as GitHub Enterprise Server does, under a path. */
  pathPrefix?: string;
  /** Where people see the App: `https://github.com`, or `https://HOST` on GitHub Enterprise Server. */
  htmlUrl?: string;
  /**
   * GitHub's clock for token expiry and rate-limit resets, so a test can move time on both sides. App JWTs
   * are checked against the real clock, which is the one they are signed with.
   */
  now?: () => number;
}

type Fault = (call: RecordedGitHubCall) => Reply | undefined;

export class FakeGitHub {
  readonly app: FakeApp = createFakeApp();
  readonly state = new FakeGitHubState();
  readonly calls: RecordedGitHubCall[] = [];
  readonly tokens = new TokenStore();
  readonly rateLimits = new RateLimits();
  private faults: Fault[] = [];
  private slowMs = 0;
  private server: Server | undefined;
  private origin = "";

  constructor(private readonly options: FakeGitHubOptions = {}) {}

  private clock(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The base URL a client is given (GITHUB_API_URL). */
  get apiUrl(): string {
    return `${this.origin}${this.options.pathPrefix ?? ""}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) =>
        reply(res, { status: 500, body: { message: String(err) } }),
      );
    });
    this.origin = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  /** Answers `status` (502 by default, GitHub's gateway error page) to matching calls; returns an undo. */
  fail(status = 502, match: (call: RecordedGitHubCall) => boolean = () => true): () => void {
    const body =
      status >= 500 ? `<html><body><h1>${status} Server Error</h1></body></html>` : { message: "Error" };
    return this.addFault((c) => (match(c) ? { status, body } : undefined));
  }

  /** Answers every call `ms` late (a slow GitHub). */
  slow(ms: number): () => void {
    this.slowMs = ms;
    return () => {
      this.slowMs = 0;
    };
  }

  /** Uses up the primary rate limit of every installation until `resetInSeconds` from now. */
  exhaustRateLimit(resetInSeconds = 3600, status: LimitStatus = 403): void {
    this.rateLimits.status = status;
    this.rateLimits.exhaust([...this.state.installations.keys()], this.clock(), resetInSeconds);
  }

  /**
   * GitHub's secondary limit: 403 (or 429) with retry-after to repository calls, `times` times; `null`: without
   * retry-after, as GitHub may send it (its message alone says it is a limit).
   */
  secondaryRateLimit(
    retryAfterSeconds: number | null,
    status: LimitStatus = 403,
    times = Number.POSITIVE_INFINITY,
  ): () => void {
    let left = times;
    const message =
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
    return this.addFault((c) => {
      if (c.auth !== "token" || left <= 0) return undefined;
      left--;
      const headers: Record<string, string> =
        retryAfterSeconds === null ? {} : { "retry-after": String(retryAfterSeconds) };
      return { status, body: { message }, headers };
    });
  }

  /** Every installation token handed out so far stops working (as after its hour). */
  expireTokens(): void {
    this.tokens.expireAll(this.clock());
  }

  callsTo(pathPattern: RegExp): RecordedGitHubCall[] {
    return this.calls.filter((c) => pathPattern.test(c.path));
  }

  reset(): void {
    this.calls.length = 0;
    this.faults = [];
    this.slowMs = 0;
    this.tokens.clear();
    this.rateLimits.clear();
    this.state.clear();
  }

  private addFault(fault: Fault): () => void {
    this.faults.unshift(fault);
    return () => {
      this.faults = this.faults.filter((f) => f !== fault);
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    const prefix = this.options.pathPrefix ?? "";
    if (!url.pathname.startsWith(prefix)) return reply(res, notFound);
    const path = url.pathname.slice(prefix.length) || "/";
    // A person's browser (an App's install link, a run's page) asks for HTML; API clients never do.
    if (req.method === "GET" && req.headers.accept?.includes("text/html")) return sendStandInPage(res);
    const credential = bearer(req);
    const isJwt = credential !== undefined && credential.split(".").length === 3;
    const call: RecordedGitHubCall = {
      method: req.method ?? "GET",
      path,
      query: url.searchParams,
      auth: credential === undefined ? "none" : isJwt ? "jwt" : "token",
      at: Date.now(),
    };
    this.calls.push(call);
    req.resume();
    if (this.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    if (!req.headers["user-agent"]) {
      const message =
        "Request forbidden by administrative rules. Please make sure your request has a User-Agent header";
      return reply(res, { status: 403, body: { message } });
    }
    for (const fault of this.faults) {
      const answer = fault(call);
      if (answer) return reply(res, answer);
    }
    const ctx = this.context(url);
    if (call.path === "/app" || call.path.startsWith("/app/") || call.path.endsWith("/installation")) {
      const problem =
        credential === undefined || !isJwt
          ? "A JSON web token could not be decoded"
          : jwtProblem(credential, this.app, Date.now());
      if (problem) return reply(res, { status: 401, body: { message: problem } });
      return reply(res, appRoute(call.method, call.path, ctx) ?? notFound);
    }
    return this.repositoryCall(res, call, credential, ctx);
  }

  private repositoryCall(
    res: ServerResponse,
    call: RecordedGitHubCall,
    credential: string | undefined,
    ctx: RouteContext,
  ) {
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(call.path);
    const installationId =
      credential === undefined ? undefined : this.tokens.installationOf(credential, this.clock());
    if (installationId === undefined)
      return reply(res, { status: 401, body: { message: "Bad credentials" } });
    const { bucket, refused } = this.rateLimits.take(installationId, this.clock());
    if (refused) {
      const message = `API rate limit exceeded for installation ID ${installationId}.`;
      return reply(res, { status: this.rateLimits.status, body: { message } }, bucket);
    }
    const fullName = `${match?.[1]}/${match?.[2]}`.toLowerCase();
    const reachable = this.state.installations.get(installationId)?.repositories.has(fullName);
    const repo = this.state.repositories.get(fullName);
    if (call.method !== "GET" || !match || !reachable || !repo) return reply(res, notFound, bucket);
    return reply(res, repositoryRoute(repo, match[3] ?? "", ctx) ?? notFound, bucket);
  }

  private context(url: URL): RouteContext {
    return {
      state: this.state,
      app: this.app,
      apiUrl: this.apiUrl,
      htmlUrl: this.options.htmlUrl ?? "https://github.com",
      url,
      tokenFor: (id) => {
        const issued = this.tokens.issue(id, this.clock());
        return {
          token: issued.token,
          expires_at: new Date(issued.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
        };
      },
    };
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

function reply(res: ServerResponse, answer: Reply, bucket?: Bucket): void {
  if (res.destroyed) return;
  const html = typeof answer.body === "string";
  res.writeHead(answer.status, {
    "content-type": html ? "text/html" : "application/json; charset=utf-8",
    ...(bucket ? rateLimitHeaders(bucket) : {}),
    ...(answer.link ? { link: answer.link } : {}),
    ...answer.headers,
  });
  res.end(html ? answer.body : JSON.stringify(answer.body));
}

/** What a browser gets here: a real GitHub would show the App's install page, or the run, at this address. */
const STAND_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GitHub stand-in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>GitHub stand-in</h1>
<p>This is a stand-in for GitHub's API (the playground's, or a test's). On GitHub this address shows the
page the link names, such as the App's install page; this one only answers the REST calls the bot makes.</p>
</body></html>
`;

function sendStandInPage(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(STAND_IN_PAGE);
}
