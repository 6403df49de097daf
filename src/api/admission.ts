// What every read-API and MCP request goes through: the token, the rate limit, and JSON replies.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import { authenticate, type Caller, hashOf, isTokenShaped } from "../services/api-tokens.js";
import type { ServiceContext } from "../services/context.js";
import type { RateLimiter } from "./rate-limit.js";

/** Requests a second per token. */
export const RATE_PER_SECOND = 20;

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply => ({
  status,
  body: { error: code, message },
  ...(headers ? { headers } : {}),
});

export interface ApiDeps {
  readonly ctx: ServiceContext;
  readonly logger: Logger;
  readonly limiter?: RateLimiter;
}

/** The bearer token of the request, if it has one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Rate-limits, then authenticates: the limit is taken as the request arrives, by the token's hash, so a
 * flood is refused before it reaches the database. The caller, or the reply that refuses the request.
 */
export async function admit(
  deps: Required<ApiDeps>,
  req: IncomingMessage,
): Promise<{ caller: Caller } | { refusal: Reply }> {
  const presented = bearerToken(req);
  const unauthorized = {
    refusal: error(401, "unauthorized", "A valid token is needed: Authorization: Bearer mlops_…", {
      "www-authenticate": 'Bearer realm="mlops"',
    }),
  };
  if (!isTokenShaped(presented)) return unauthorized;
  const rate = deps.limiter.take(hashOf(presented));
  if (!rate.allowed) {
    return {
      refusal: error(429, "rate_limited", `At most ${RATE_PER_SECOND} requests a second per token.`, {
        "retry-after": String(rate.retryAfter),
      }),
    };
  }
  const caller = await authenticate(deps.ctx, presented);
  return caller ? { caller } : unauthorized;
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...reply.headers,
  });
  res.end(JSON.stringify(reply.body));
}
