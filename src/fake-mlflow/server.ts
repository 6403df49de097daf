// A stand-in for an MLflow tracking server (REST API 2.0), used by the tests. It lives in src/ beside the fake
// Slack so that a local playground can run it; nothing else in src/ may import it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ENDPOINTS, type Params } from "./endpoints.js";
import { MlflowApiError } from "./search.js";
import { FakeMlflowState } from "./state.js";

export type { RunOptions, SourceType, VersionOptions } from "./state.js";

const PREFIX = "/api/2.0/mlflow";

/** A request the fake received, whatever it answered. */
export interface MlflowCall {
  readonly method: string;
  /** After /api/2.0/mlflow, without the query string. */
  readonly endpoint: string;
  readonly params: Params;
  readonly authorization: string | undefined;
}

export interface FakeMlflowOptions {
  /** When set, every request needs `Authorization: Bearer <token>` (MLFLOW_TRACKING_TOKEN); 401 otherwise. */
  token?: string;
}

/**
 * A faithful stand-in for MLflow's tracking REST API on loopback: experiments/get-by-name, runs/search,
 * registered-models/get, model-versions/search and registered-models/alias, with MLflow's error bodies,
 * page tokens and limits. Faults are switches: down (connection refused), slow, and HTTP 500.
 */
export class FakeMlflow {
  readonly state = new FakeMlflowState();
  readonly calls: MlflowCall[] = [];
  url = "";
  private server: Server | undefined;
  private port = 0;
  private delayMs = 0;
  private failing = false;

  constructor(private readonly options: FakeMlflowOptions = {}) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => reply(res, 500, "INTERNAL_ERROR", String(err)));
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The server goes away: connections to its port are refused until `up()`. */
  down(): Promise<void> {
    return this.stop();
  }

  /** Back on the same port (and URL), holding what it held. */
  async up(): Promise<void> {
    if (!this.server) await this.start();
  }

  /** Every answer comes `ms` late (0: on time again). */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  /** Every request fails with HTTP 500 INTERNAL_ERROR until `clearFaults()`. */
  failWith500(): void {
    this.failing = true;
  }

  clearFaults(): void {
    this.delayMs = 0;
    this.failing = false;
  }

  callsTo(endpoint: string): MlflowCall[] {
    return this.calls.filter((c) => c.endpoint === endpoint);
  }

  reset(): void {
    this.calls.length = 0;
    this.state.clear();
    this.clearFaults();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    // A real tracking server serves its UI at "/", where evidence links point (…/#/experiments/1/runs/r1).
    if (req.method === "GET" && url.pathname === "/") return sendPage(res);
    const endpoint = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    const method = req.method ?? "GET";
    const body = await readText(req);
    const authorization = req.headers.authorization;
    let params: Params;
    try {
      params = method === "GET" ? queryParams(url) : jsonParams(body);
    } catch (err) {
      return sendError(res, err);
    }
    this.calls.push({ method, endpoint, params, authorization });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (res.destroyed) return;
    if (this.options.token !== undefined && authorization !== `Bearer ${this.options.token}`) {
      res.setHeader("www-authenticate", 'Bearer realm="mlflow"');
      return reply(res, 401, "UNAUTHENTICATED", "Credentials were not supplied or are not valid.");
    }
    if (this.failing) return reply(res, 500, "INTERNAL_ERROR", "The tracking server failed (fault switch).");
    const handlers = url.pathname.startsWith(PREFIX) ? ENDPOINTS[endpoint] : undefined;
    if (!handlers) return reply(res, 404, "ENDPOINT_NOT_FOUND", `No API endpoint at ${url.pathname}.`);
    const handler = handlers[method];
    if (!handler) return reply(res, 405, "BAD_REQUEST", `${method} is not allowed on ${url.pathname}.`);
    try {
      send(res, 200, handler(this.state, params));
    } catch (err) {
      sendError(res, err);
    }
  }
}

/**
 * The stand-in's answer where MLflow's UI would be: what a link to a run or model (the page's hash) opened,
 * and that only the REST API is here. No text from the request is written into the page.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MLflow stand-in</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>MLflow stand-in</h1>
<p>This is a stand-in for an MLflow tracking server (the playground's, or a test's). A real MLflow opens the
page for <code id="what">its home</code> at this address; this one only answers MLflow's REST API
(<code>/api/2.0/mlflow/…</code>), which the bot polls.</p>
<script>
  const what = decodeURIComponent(location.hash.replace("#/", ""));
  if (what) document.getElementById("what").textContent = what;
</script>
</body></html>
`;

function sendPage(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(PAGE);
}

/** A GET's fields: repeated ones (order_by, experiment_ids) as lists, the others as their one value. */
function queryParams(url: URL): Params {
  const params: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    params[key] = key === "order_by" || key === "experiment_ids" ? values : values[0];
  }
  return params;
}

function jsonParams(body: string): Params {
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MlflowApiError(400, "MALFORMED_REQUEST", "The request body is not JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new MlflowApiError(400, "MALFORMED_REQUEST", "The request body is not a JSON object.");
  }
  return parsed as Params;
}

async function readText(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

function sendError(res: ServerResponse, err: unknown): void {
  if (!(err instanceof MlflowApiError)) throw err;
  reply(res, err.status, err.errorCode, err.message);
}

function reply(res: ServerResponse, status: number, errorCode: string, message: string): void {
  send(res, status, { error_code: errorCode, message });
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
