// In front of Bolt's HTTP receiver, on /slack/events: refuses what Bolt would accept or choke on. Bolt
// keeps its own signature check; this adds what it lacks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, type HTTPReceiver, isValidSlackRequest } from "@slack/bolt";
import type { Logger } from "../logger.js";
import { type Handled, judgeRequest } from "./forms/request-shape.js";

export const EVENTS_PATH = "/slack/events";

/** Slack's replay window, in seconds: Bolt checks only the past side of it. */
const MAX_CLOCK_SKEW_S = 5 * 60;

export interface GateOptions {
  readonly signingSecret: string;
  readonly handled: Handled;
  readonly logger: Logger;
  /** The wall clock in ms, as Slack's signatures are (not the bot's clock, which tests move). */
  readonly now: () => number;
}

/**
 * Wraps the receiver's request listener so that, before Bolt sees a request: a timestamp more than five
 * minutes from now either way, or not a whole number of seconds, gets 401; a signed body that is not
 * something Slack sends gets 400; and a signed, well-formed one that no listener answers gets an empty 200
 * at once instead of Bolt's 404 after 3 s. Each refusal logs one warning.
 */
export function gateRequests(receiver: HTTPReceiver, options: GateOptions): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    // Parsed as Bolt parses it, so that no spelling of the path (an absolute URL, say) gets past.
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://localhost").pathname !== EVENTS_PATH) {
      return bolt(req, res);
    }
    const badTimestamp = timestampProblem(req.headers["x-slack-request-timestamp"], options.now());
    if (badTimestamp) return answer(res, 401, badTimestamp, options.logger);
    void screenBody(req, res, options).then((pass) => pass && bolt(req, res));
  };
}

function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  if (typeof header !== "string") return undefined; // missing: Bolt refuses it, or lets an ssl_check through
  if (!/^\d{1,12}$/.test(header)) return "the request timestamp is not a whole number of seconds";
  const skew = Number(header) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_S) {
    return `the request timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? "future" : "past"}, beyond Slack's 5 minutes`;
  }
  return undefined;
}

/** True when Bolt should handle the request; otherwise it has been answered. */
async function screenBody(req: IncomingMessage, res: ServerResponse, options: GateOptions): Promise<boolean> {
  let rawBody: string;
  try {
    // Bolt reuses the buffered body (req.rawBody) instead of reading the stream again.
    rawBody = (
      await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)
    ).rawBody.toString();
  } catch (err) {
    const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413;
    answer(
      res,
      tooLarge ? 413 : 400,
      tooLarge ? "the body is over Bolt's 4 MB limit" : "the body could not be read",
      options.logger,
    );
    return false;
  }
  const verdict = judgeRequest(req.headers["content-type"], rawBody, options.handled);
  // Only a request Slack signed earns an answer of ours; anything else goes to Bolt, which answers 401.
  if (verdict.kind === "pass" || !signedBySlack(req, rawBody, options)) return true;
  answer(res, verdict.kind === "refuse" ? 400 : 200, verdict.reason, options.logger);
  return false;
}

function signedBySlack(req: IncomingMessage, body: string, options: GateOptions): boolean {
  const signature = req.headers["x-slack-signature"];
  const timestamp = req.headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string") return false;
  return isValidSlackRequest({
    signingSecret: options.signingSecret,
    body,
    headers: { "x-slack-signature": signature, "x-slack-request-timestamp": Number(timestamp) },
    nowMilliseconds: options.now(),
  });
}

function answer(res: ServerResponse, status: number, reason: string, logger: Logger): void {
  logger.warn(
    { status, reason },
    status === 200 ? "acknowledged a request no listener answers" : "refused a request",
  );
  res.writeHead(status);
  res.end();
}
