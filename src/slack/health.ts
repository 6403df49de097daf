import type { ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";

const READY_TIMEOUT_MS = 1_500;

/** /healthz says the process is up; /readyz says it can reach its database. */
export function healthRoutes(ping: () => Promise<void>): CustomRoute[] {
  return [
    { path: "/healthz", method: ["GET"], handler: (_req, res) => reply(res, 200, { status: "ok" }) },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        withTimeout(ping(), READY_TIMEOUT_MS).then(
          () => reply(res, 200, { status: "ready", database: "ok" }),
          () => reply(res, 503, { status: "unavailable", database: "unreachable" }),
        );
      },
    },
  ];
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
