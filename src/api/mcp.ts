// The MCP endpoint (/mcp, streamable HTTP, stateless): the read API's facts as read-only tools for
// assistants (mcp-tools.ts), with the same tokens, scopes and rate limit.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import { type ApiDeps, admit, send } from "./admission.js";

export const MCP_PATH = "/mcp";

export function mcpRoute(deps: Required<ApiDeps>): CustomRoute {
  return {
    path: MCP_PATH,
    method: ["POST", "GET", "DELETE"],
    handler: (req, res) => {
      serveMcp(deps, req, res).catch((err: unknown) => {
        deps.logger.error({ err }, "MCP request failed");
        send(res, { status: 500, body: rpcError("Something went wrong on our side; try again.") });
      });
    },
  };
}

const rpcError = (message: string) => ({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });

async function serveMcp(deps: Required<ApiDeps>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const admitted = await admit(deps, req);
  if ("refusal" in admitted) return send(res, admitted.refusal);
  // Stateless: no session to resume (GET) or end (DELETE).
  if (req.method !== "POST") {
    return send(res, { status: 405, body: rpcError("Method not allowed."), headers: { allow: "POST" } });
  }
  // Loaded on the first MCP request: the SDK is some 4 MB of heap a bot without MCP clients would carry.
  const { answerMcp } = await import("./mcp-tools.js");
  await answerMcp(deps.ctx, admitted.caller.scope, req, res);
}
