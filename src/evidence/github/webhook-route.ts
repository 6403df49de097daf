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
/**
 * A refused body is still read to its end, and thrown away as it comes, so that its sender (which writes the
 * whole body before reading the answer) gets the 413 rather than a broken pipe; past GitHub's own cap the
 * connection is cut instead.
 */
const DRAIN_LIMIT_BYTES = 25 * 1024 * 1024;

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

/**
 * POST /github/webhooks on a bot without a GitHub App: a 404 that says why, where GitHub shows it (the App's
 * Recent Deliveries), rather than an empty one.
 */
export function githubOffRoute(): CustomRoute {
  return {
    path: GITHUB_WEBHOOK_PATH,
    method: ["POST"],
    handler: (_req, res) =>
      reply(res, 404, {
        error:
          "GitHub evidence is off on this bot: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE) and GITHUB_WEBHOOK_SECRET, see docs/evidence.md",
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookRouteOptions,
): Promise<void> {
  const event = header(req, "x-github-event");
  const deliveryId = header(req, "x-github-delivery");
  // Logged, so that an operator whose secret differs from the App's sees why GitHub's deliveries fail.
  const refuse = (status: number, error: string) => {
    options.logger.warn({ status, reason: error, event, deliveryId }, "refused a GitHub webhook delivery");
    reply(res, status, { error });
  };
  const body = await readBody(req);
  if (body === "too large") return refuse(413, `bodies over ${MAX_WEBHOOK_BYTES} bytes are refused`);
  const signature = header(req, "x-hub-signature-256");
  const text = body.toString("utf8");
  if (!signature || !(await verify(options.secret, text, signature).catch(() => false)))
    return refuse(401, "bad or missing X-Hub-Signature-256");
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return refuse(400, "the body is not JSON");
  }
  if (!event || !deliveryId) return refuse(400, "X-GitHub-Event and X-GitHub-Delivery are required");
  const result = await options.receive({ deliveryId, event, payload });
  reply(res, STATUS[result.outcome], result);
}

/** The whole body, or "too large" as soon as it passes the cap (the rest is drained, never kept). */
function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > DRAIN_LIMIT_BYTES) {
    req.destroy();
    return Promise.resolve("too large");
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      resolve("too large");
    };
    if (declared > MAX_WEBHOOK_BYTES) refuse();
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) return req.destroy();
      if (!refused && size > MAX_WEBHOOK_BYTES) refuse();
      if (!refused) chunks.push(chunk);
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
  // No "connection: close" for a 413: the socket would be closed while the body still arrives.
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
