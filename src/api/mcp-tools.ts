// The MCP tools: the read API's facts, each read within the token's scope. A server and transport per
// request: nothing is kept between requests, so any replica answers any request.
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { criterion } from "../domain/rubric.js";
import type { ApiScope } from "../services/api-tokens.js";
import type { ServiceContext } from "../services/context.js";
import {
  groupDetail,
  practicesLostInScope,
  teamDetail,
  teamHistoryPage,
  teamsPage,
} from "../services/read-api.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { groupJson } from "./group-json.js";

const DAY_MS = 86_400_000;

/** Answers one admitted MCP request with a server of the caller's scope. */
export async function answerMcp(
  ctx: ServiceContext,
  scope: ApiScope,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const server = mcpServer(ctx, scope);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

const facts = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value) }] });
const missing = (what: string) => ({ content: [{ type: "text" as const, text: what }], isError: true });

/** The tools, each reading within the token's scope only. */
function mcpServer(ctx: ServiceContext, scope: ApiScope): McpServer {
  const server = new McpServer({ name: "mlops-maturity", version: "1.0.0" });
  const readOnly = { readOnlyHint: true, openWorldHint: false };
  server.registerTool(
    "list_teams",
    {
      description:
        "Every ML team (up to 200 a page): id, name, Slack channel id, MLOps maturity level (0-4, null before any answer) and next prerequisite.",
      inputSchema: { cursor: z.string().optional().describe("nextCursor of the previous page") },
      annotations: readOnly,
    },
    async ({ cursor }) => {
      const after = decodeCursor("id", cursor ?? null);
      if (after === null) return missing("That cursor is not one this server gave.");
      const page = await teamsPage(ctx, scope, after ?? 0);
      return facts({
        items: page.items,
        nextCursor: page.next === null ? null : encodeCursor("id", page.next),
      });
    },
  );
  server.registerTool(
    "team_status",
    {
      description: "One team's level, next prerequisite, practices in place and disputed, and its groups.",
      inputSchema: { id: z.number().int().positive().describe("The team's id, from list_teams") },
      annotations: readOnly,
    },
    async ({ id }) => {
      const team = await teamDetail(ctx, scope, id);
      return team ? facts(team) : missing(`No team with id ${id}.`);
    },
  );
  server.registerTool(
    "team_history",
    {
      description:
        "A team's closed rounds, newest first (up to 200 a page): level, participation, practices in place and practices lost.",
      inputSchema: {
        id: z.number().int().positive(),
        cursor: z.string().optional().describe("nextCursor of the previous page"),
      },
      annotations: readOnly,
    },
    async ({ id, cursor }) => {
      const before = decodeCursor("period", cursor ?? null);
      if (before === null) return missing("That cursor is not one this server gave.");
      const page = await teamHistoryPage(ctx, scope, id, before ?? null);
      if (!page) return missing(`No team with id ${id}.`);
      return facts({
        items: page.items,
        nextCursor: page.next === null ? null : encodeCursor("period", page.next),
      });
    },
  );
  server.registerTool(
    "group_rollup",
    {
      description:
        "A group of teams rolled up: teams per level, median, movers, teams that lost a practice, common next prerequisites, missed check-ins, participation.",
      inputSchema: { name: z.string().min(1).max(80).describe("The group's name, in any case") },
      annotations: readOnly,
    },
    async ({ name }) => {
      const group = await groupDetail(ctx, scope, name);
      return group ? facts(groupJson(group)) : missing(`No group called ${JSON.stringify(name)}.`);
    },
  );
  server.registerTool(
    "practices_lost",
    {
      description:
        "Teams whose latest closed round lost a practice the round before counted, with each team's Slack channel, the round and the practices.",
      inputSchema: {
        days: z
          .number()
          .int()
          .min(1)
          .max(365)
          .optional()
          .describe("Only rounds closed in the last N days (default 7)"),
      },
      annotations: readOnly,
    },
    async ({ days }) => {
      const since = new Date(ctx.clock().getTime() - (days ?? 7) * DAY_MS);
      const losses = await practicesLostInScope(ctx, scope, since);
      return facts(
        losses.map((l) => ({
          ...l,
          channel: `<#${l.team.channelId}>`,
          lostTitles: l.lost.map((id) => criterion(id).title),
        })),
      );
    },
  );
  return server;
}
