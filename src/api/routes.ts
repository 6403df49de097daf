// The read API on PORT, as Bolt custom routes (HTTP and Socket Mode alike). Independent of the Slack
// request gate: each handler reads the raw request itself. Tokens are never logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Caller } from "../services/api-tokens.js";
import {
  groupDetail,
  groupsPage,
  PAGE_MAX,
  teamDetail,
  teamHistoryPage,
  teamsPage,
} from "../services/read-api.js";
import { type ApiDeps, admit, error, RATE_PER_SECOND, type Reply, send } from "./admission.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { groupJson } from "./group-json.js";
import { mcpRoute } from "./mcp.js";
import { OPENAPI_DOCUMENT } from "./openapi.js";
import { RateLimiter } from "./rate-limit.js";

export const API_PREFIX = "/api/v1";

const notFound = (what: string) => error(404, "not_found", `No ${what} in this token's scope.`);

export function apiRoutes(options: ApiDeps): CustomRoute[] {
  // On the bot's clock (time is a parameter): tests that hold it still see exactly the burst go through.
  const limiter = options.limiter ?? new RateLimiter(RATE_PER_SECOND, () => options.ctx.clock().getTime());
  const deps = { ...options, limiter };
  const route = (path: string, answer: (url: URL, caller: Caller) => Promise<Reply>): CustomRoute => ({
    path,
    method: ["GET"],
    handler: (req, res) => {
      serve(deps, req, res, answer).catch((err: unknown) => {
        deps.logger.error({ err, path }, "read API request failed");
        send(res, error(500, "internal", "Something went wrong on our side; try again."));
      });
    },
  });
  return [
    mcpRoute(deps),
    {
      path: `${API_PREFIX}/openapi.json`,
      method: ["GET"],
      handler: (_req, res) => send(res, { status: 200, body: OPENAPI_DOCUMENT }),
    },
    route(`${API_PREFIX}/teams`, async (url, { scope }) => {
      const paging = pageOf(url, "id");
      if ("refusal" in paging) return paging.refusal;
      const page = await teamsPage(deps.ctx, scope, paging.after ?? 0, paging.limit);
      return ok({ items: page.items, nextCursor: page.next === null ? null : encodeCursor("id", page.next) });
    }),
    route(`${API_PREFIX}/teams/:id`, async (url, { scope }) => {
      const id = teamIdOf(url);
      if (id === null) return badId();
      const team = await teamDetail(deps.ctx, scope, id);
      return team ? ok(team) : notFound("team with this id");
    }),
    route(`${API_PREFIX}/teams/:id/history`, async (url, { scope }) => {
      const id = teamIdOf(url);
      if (id === null) return badId();
      const paging = pageOf(url, "period");
      if ("refusal" in paging) return paging.refusal;
      const page = await teamHistoryPage(deps.ctx, scope, id, paging.after ?? null, paging.limit);
      if (!page) return notFound("team with this id");
      return ok({
        items: page.items,
        nextCursor: page.next === null ? null : encodeCursor("period", page.next),
      });
    }),
    route(`${API_PREFIX}/groups`, async (url, { scope }) => {
      const paging = pageOf(url, "id");
      if ("refusal" in paging) return paging.refusal;
      const page = await groupsPage(deps.ctx, scope, paging.after ?? 0, paging.limit);
      return ok({ items: page.items, nextCursor: page.next === null ? null : encodeCursor("id", page.next) });
    }),
    route(`${API_PREFIX}/groups/:name`, async (url, { scope }) => {
      const name = decodeURIComponent(url.pathname.slice(`${API_PREFIX}/groups/`.length));
      const group = await groupDetail(deps.ctx, scope, name);
      return group ? ok(groupJson(group)) : notFound("group of this name");
    }),
  ];
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const badId = () => error(400, "bad_request", "A team id is a number.");

async function serve(
  deps: Required<ApiDeps>,
  req: IncomingMessage,
  res: ServerResponse,
  answer: (url: URL, caller: Caller) => Promise<Reply>,
): Promise<void> {
  const admitted = await admit(deps, req);
  if ("refusal" in admitted) return send(res, admitted.refusal);
  send(res, await answer(new URL(req.url ?? "/", "http://localhost"), admitted.caller));
}

function teamIdOf(url: URL): number | null {
  const segment = url.pathname.slice(API_PREFIX.length).split("/")[2] ?? "";
  return /^[1-9]\d{0,9}$/.test(segment) && Number(segment) <= 2_147_483_647 ? Number(segment) : null;
}

function pageOf<K extends "id" | "period">(
  url: URL,
  kind: K,
): { after: (K extends "id" ? number : string) | undefined; limit: number } | { refusal: Reply } {
  const after = decodeCursor(kind as "id", url.searchParams.get("cursor"));
  if (after === null) return { refusal: error(400, "bad_request", "This cursor is not one this API gave.") };
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? PAGE_MAX : Number(limitText);
  if (!/^\d+$/.test(limitText ?? "1") || limit < 1 || limit > PAGE_MAX) {
    return { refusal: error(400, "bad_request", `limit is a whole number from 1 to ${PAGE_MAX}.`) };
  }
  return { after: after as (K extends "id" ? number : string) | undefined, limit };
}
