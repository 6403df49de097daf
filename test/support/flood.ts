// Abuse as it was found (issue 22): many concurrent unsigned POSTs of a large `payload=` body to the bot's
// Slack endpoint, and a signed command sent in the middle of them. Shared by test/e2e/unsigned-flood.test.ts
// and bench:abuse.
import { request } from "node:http";
import { signedHeaders } from "./signing.js";

export const FLOOD_BODY_BYTES = 4 * 2 ** 20;

export interface FloodOptions {
  readonly requests: number;
  readonly bodyBytes: number;
  /** Headers besides content-type and content-length; none (unsigned) by default. */
  readonly headers?: Record<string, string>;
  /** Send the body chunked, without a content-length: only reading it shows how long it is. */
  readonly chunked?: boolean;
}

export interface Flood {
  /** Resolves once half the requests have started sending their bodies. */
  readonly halfway: Promise<void>;
  /** Resolves to how many requests got each answer ("error" when the connection broke first). */
  readonly done: Promise<Record<string, number>>;
}

/** Sends `requests` POSTs at once, each with one shared `payload=` body of `bodyBytes`. */
export function flood(url: string, options: FloodOptions): Flood {
  const body = Buffer.alloc(options.bodyBytes, "a");
  body.write("payload=%7B%22type%22%3A%22block_actions%22%2C%22junk%22%3A%22");
  let started = 0;
  let reachHalfway = () => {};
  const halfway = new Promise<void>((resolve) => {
    reachHalfway = resolve;
  });
  const one = () =>
    new Promise<string>((resolve) => {
      const req = request(url, {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(options.chunked ? {} : { "content-length": String(body.length) }),
          ...options.headers,
        },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(String(res.statusCode)));
        res.on("error", () => resolve(String(res.statusCode)));
      });
      req.on("error", () => resolve("error"));
      // A bot that stops answering fails the test in seconds rather than hanging it.
      req.setTimeout(30_000, () => req.destroy(new Error("timed out")));
      req.end(body);
      started += 1;
      if (started >= options.requests / 2) reachHalfway();
    });
  const done = Promise.all(Array.from({ length: options.requests }, one)).then((answers) => {
    const counts: Record<string, number> = {};
    for (const a of answers) counts[a] = (counts[a] ?? 0) + 1;
    return counts;
  });
  return { halfway, done };
}

/** Forged Slack headers: a fresh timestamp and a well-formed signature that does not match the body. */
export function forgedHeaders(): Record<string, string> {
  const { "content-type": _type, ...headers } = signedHeaders("something else", "x");
  return headers;
}

/** A signed `/mlops help` as Slack sends it; resolves to the reply's text and how long it took. */
export async function timedHelp(url: string, body: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    body,
    headers: signedHeaders(body, "application/x-www-form-urlencoded"),
    signal: AbortSignal.timeout(10_000),
  });
  const text = ((await res.json().catch(() => ({}))) as { text?: string }).text ?? `HTTP ${res.status}`;
  return { ms: performance.now() - started, text };
}
