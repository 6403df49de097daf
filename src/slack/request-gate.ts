// Slack's request URL (/slack/events) over HTTP, served as a Bolt custom route and handed to the app through
// `app.processEvent`: only Bolt's public API, so a Bolt upgrade cannot slip past it. Every step is cheaper than
// the one after it, and nothing is parsed before Slack's signature is proven:
//   1. headers alone: no signature or timestamp (bar Slack's tiny ssl_check), a timestamp outside Slack's
//      five minutes either way, or a declared length over the limit → refused before a byte of body is read;
//   2. the body is streamed into the signature's HMAC and cut at SLACK_BODY_LIMIT (413);
//   3. a wrong signature → 401; only then is the body decoded and parsed, once;
//   4. a signed body real Slack never sends → 400; a signed, well-formed one no listener answers → an empty 200
//      at once instead of Bolt's 404 after 3 s. Each refusal logs one warning.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPResponseAck,
  type ReceiverEvent,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import type { Logger } from "../logger.js";
import { type Handled, judgeRequest } from "./forms/request-shape.js";

export const EVENTS_PATH = "/slack/events";

/**
 * The largest body Slack's request URL takes: 1 MiB. Slack documents no payload size, but it documents
 * what makes one large (docs/slack-platform.md §3, LIMITS in limits.ts): the biggest is an interaction that
 * echoes a view or message back, at most 100 blocks of 3,000 characters plus a 3,000-character state value
 * each, about 600 kB even if every character were escaped; the bot's own modals come to a few kB. Bolt's
 * default is 4 MB, which let 200 forged requests hold 800 MB.
 */
export const SLACK_BODY_LIMIT = 2 ** 20;
/** An unsigned request may only be Slack's ssl_check, `ssl_check=1&token=…`: tiny. */
const SSL_CHECK_LIMIT = 256;
/** Slack's replay window, in seconds, either way. */
const MAX_CLOCK_SKEW_S = 5 * 60;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export interface GateOptions {
  readonly signingSecret: string;
  readonly handled: Handled;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
  /** The wall clock in ms, as Slack's signatures are (not the bot's clock, which tests move). */
  readonly now: () => number;
  /** The Bolt app's own entry point; bound late, as the app is built after its receiver. */
  readonly processEvent: (event: ReceiverEvent) => Promise<void>;
  /** What to answer when the app throws before acknowledging (Bolt's receiver option of the same name). */
  readonly processEventErrorHandler: (args: ReceiverProcessEventErrorHandlerArgs) => Promise<boolean>;
}

type Refusal = { readonly status: number; readonly reason: string };
type Headers = Refusal | { readonly signed: false } | { readonly signed: true; readonly hmac: Hmac };
type Hmac = ReturnType<typeof createHmac>;

export function slackEventsRoute(options: GateOptions): CustomRoute {
  return {
    path: EVENTS_PATH,
    method: ["POST"],
    handler: (req, res) => {
      serve(req, res, options).catch((err) => {
        options.logger.error({ err }, "could not serve a request from Slack");
        if (!res.headersSent) refuse(res, { status: 500, reason: "internal error" }, options.logger, true);
      });
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: GateOptions): Promise<void> {
  const headers = judgeHeaders(req, options);
  if ("status" in headers) return refuse(res, headers, options.logger, true);
  const raw = await readBody(req, headers.signed ? SLACK_BODY_LIMIT : SSL_CHECK_LIMIT, headers);
  if ("status" in raw) return refuse(res, raw, options.logger, true);
  if (!headers.signed) return answerSslCheck(req, raw.body, res, options.logger);
  if (!sameSignature(headers.hmac, req.headers["x-slack-signature"])) {
    return refuse(res, { status: 401, reason: "the signature does not match the body" }, options.logger);
  }
  const verdict = judgeRequest(req.headers["content-type"], raw.body.toString("utf8"), options.handled);
  if (verdict.kind === "refuse") return refuse(res, { status: 400, reason: verdict.reason }, options.logger);
  if (verdict.kind === "ignore") {
    options.logger.warn(
      { status: 200, reason: verdict.reason },
      "acknowledged a request no listener answers",
    );
    return HTTPModuleFunctions.buildNoBodyResponse(res, 200);
  }
  const { body } = verdict;
  if (body.ssl_check === "1") return HTTPModuleFunctions.buildSSLCheckResponse(res);
  if (body.type === "url_verification") return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
  await dispatch(req, res, body, options);
}

/** Everything that can be refused before the body is read. */
function judgeHeaders(req: IncomingMessage, options: GateOptions): Headers {
  const length = Number(req.headers["content-length"] ?? Number.NaN);
  const timestamp = req.headers["x-slack-request-timestamp"];
  const signature = req.headers["x-slack-signature"];
  if (typeof timestamp !== "string" || typeof signature !== "string") {
    // Slack's ssl_check is the one request it does not sign; nothing else gets its body read unsigned.
    const maybeSslCheck = req.headers["content-type"] === FORM && length <= SSL_CHECK_LIMIT;
    return maybeSslCheck ? { signed: false } : { status: 401, reason: "the request is not signed" };
  }
  const skew = timestampProblem(timestamp, options.now());
  if (skew) return { status: 401, reason: skew };
  if (!SIGNATURE.test(signature)) return { status: 401, reason: "the signature is not a v0 signature" };
  if (length > SLACK_BODY_LIMIT) {
    return { status: 413, reason: `the body is ${length} bytes, over the ${SLACK_BODY_LIMIT}-byte limit` };
  }
  return { signed: true, hmac: createHmac("sha256", options.signingSecret).update(`v0:${timestamp}:`) };
}

const FORM = "application/x-www-form-urlencoded";

function timestampProblem(header: string, nowMs: number): string | undefined {
  if (!/^\d{1,12}$/.test(header)) return "the request timestamp is not a whole number of seconds";
  const skew = Number(header) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_S) {
    return `the request timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? "future" : "past"}, beyond Slack's 5 minutes`;
  }
  return undefined;
}

/** The body, fed to the signature's HMAC as it arrives; never more than `limit` bytes are held. */
function readBody(
  req: IncomingMessage,
  limit: number,
  headers: Headers,
): Promise<{ readonly body: Buffer } | Refusal> {
  const hmac = "signed" in headers && headers.signed ? headers.hmac : undefined;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve({ status: 413, reason: `the body is over the ${limit}-byte limit` });
        return;
      }
      hmac?.update(chunk);
      chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks, size) }));
    req.on("error", () => resolve({ status: 400, reason: "the body could not be read" }));
  });
}

function sameSignature(hmac: Hmac, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`v0=${hmac.digest("hex")}`);
  const given = Buffer.from(String(header));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Bolt's rule: an unsigned ssl_check is answered, and nothing else it carries is used. */
function answerSslCheck(req: IncomingMessage, body: Buffer, res: ServerResponse, logger: Logger): void {
  const verdict = judgeRequest(req.headers["content-type"], body.toString("utf8"), NOTHING_HANDLED);
  if (verdict.kind === "pass" && verdict.body.ssl_check === "1")
    HTTPModuleFunctions.buildSSLCheckResponse(res);
  else refuse(res, { status: 401, reason: "the request is not signed" }, logger);
}

const NOTHING_HANDLED: Handled = { commands: new Set(), actions: new Set(), views: new Set() };

/** As Bolt's HTTPReceiver hands a request to the app, acknowledging it in the HTTP response. */
async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  body: Record<string, unknown>,
  options: GateOptions,
): Promise<void> {
  const ack = new HTTPResponseAck({
    logger: options.boltLogger,
    processBeforeResponse: false,
    httpRequest: req,
    httpRequestBody: body,
    httpResponse: res,
  });
  try {
    await options.processEvent({
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    });
  } catch (error) {
    const acknowledged = await options.processEventErrorHandler({
      error: error as Error,
      logger: options.boltLogger,
      request: req,
      response: res,
      storedResponse: ack.storedResponse,
    });
    if (acknowledged) ack.ack();
  }
}

/**
 * Answers a refusal and logs it. `unread`: the body was not read to its end, so the connection is closed
 * rather than kept for a next request, and whatever the sender still sends is never read.
 */
function refuse(res: ServerResponse, refusal: Refusal, logger: Logger, unread = false): void {
  logger.warn(refusal, "refused a request");
  res.writeHead(refusal.status, unread ? { connection: "close" } : {});
  res.end();
}
