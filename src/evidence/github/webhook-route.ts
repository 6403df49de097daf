// POST /github/webhooks on PORT, beside Slack's endpoint and independent of it (HTTP and Socket Mode alike):
// the raw body is read here, at most 5 MB, and its X-Hub-Signature-256 checked before anything is parsed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { verify } from "@octokit/webhooks-methods";
import type { CustomRoute } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import type { DeliveryOutcome, GithubDelivery } from "../../services/github-webhook.js";

export const GITHUB_WEBHOOK_PATH = "/github/webhooks";
/** GitHub caps payloads at 25 MB; the events evidence reads are far smaller. */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

export interface WebhookRouteOptions {
  readonly secret: string;
  readonly receive: (delivery: GithubDelivery) => Promise<DeliveryOutcome>;
  readonly logger: Logger;
}

const STATUS: Readonly<Record<DeliveryOutcome["outcome"], number>> = {
  stored: 200,
  seen: 200,
  unlinked: 202,
};

export function githubWebhookRoute(options: WebhookRouteOptions): CustomRoute {
  return {
    path: GITHUB_WEBHOOK_PATH,
    method: ["POST"],
    handler: (req, res) => {
      handle(req, res, options).catch((err: unknown) => {
        options.logger.error({ err }, "could not take a GitHub webhook delivery");
        if (!res.headersSent)
          reply(res, 503, { error: "could not store the delivery; GitHub may redeliver it" });
      });
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookRouteOptions,
): Promise<void> {
  const body = await readBody(req);
  if (body === "too large")
    return reply(res, 413, { error: `bodies over ${MAX_WEBHOOK_BYTES} bytes are refused` });
  const signature = header(req, "x-hub-signature-256");
  const text = body.toString("utf8");
  if (!signature || !(await verify(options.secret, text, signature).catch(() => false)))
    return reply(res, 401, { error: "bad or missing X-Hub-Signature-256" });
  const event = header(req, "x-github-event");
  const deliveryId = header(req, "x-github-delivery");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return reply(res, 400, { error: "the body is not JSON" });
  }
  if (!event || !deliveryId)
    return reply(res, 400, { error: "X-GitHub-Event and X-GitHub-Delivery are required" });
  const result = await options.receive({ deliveryId, event, payload });
  reply(res, STATUS[result.outcome], result);
}

/** The whole body, or "too large" as soon as it passes the cap (the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BYTES) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too large");
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function reply(res: ServerResponse, status: number, body: object): void {
  // A refused upload may still be arriving: close the connection rather than read the rest.
  res.writeHead(status, {
    "content-type": "application/json",
    ...(status === 413 ? { connection: "close" } : {}),
  });
  res.end(JSON.stringify(body));
}
