import { randomBytes } from "node:crypto";
import { type AnyMiddlewareArgs, type Middleware, ReceiverMultipleAckError } from "@slack/bolt";
import { isDatabaseUnavailable } from "../db/connect.js";
import { isPoolExhausted, isStatementTooSlow } from "../db/deadline.js";
import { classifyCallFailure } from "./api/errors.js";

export const UNAVAILABLE_TEXT =
  ":hourglass: The MLOps bot is temporarily unavailable (it cannot reach its database). Nothing was changed — please try again in a minute.";

/** The database is fine but every pooled connection was taken by other requests for the whole budget. */
export const BUSY_TEXT =
  ":hourglass: The MLOps bot is busy right now — try again in a few seconds. Nothing was changed.";

/** The database answers, but a statement of this request ran past its time (a lock, a heavy query): slow, not down. */
export const SLOW_TEXT =
  ":hourglass: The MLOps bot's database is answering slowly right now, and your request ran out of time. Nothing was changed — please try again in a minute.";

/** Slack answered one of this request's calls with 429: only this person waits, and is told for how long. */
function rateLimitedText(retryAfterMs: number | undefined): string {
  const seconds = Math.max(1, Math.ceil((retryAfterMs || 30_000) / 1_000));
  return `:hourglass: Slack is asking the MLOps bot to slow down right now, so your request was not finished. Please try again in ${seconds} s.`;
}

/** Carries the reference id the user was shown to app.error, which logs the details once. */
export class ListenerFailure extends Error {
  readonly code = "mlops_listener_failure";
  constructor(
    readonly original: unknown,
    readonly refId: string,
    readonly unavailable: boolean,
    /** The pool was exhausted (a case of unavailable): busy, not unreachable. */
    readonly busy = false,
    /** A statement ran past its time on a database that answers (a case of unavailable): slow, not unreachable. */
    readonly slow = false,
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
    this.name = "ListenerFailure";
  }
}

export function apologyText(refId: string): string {
  return `:warning: Sorry, something went wrong on our side. Please try again; if it keeps happening, share reference \`${refId}\` with whoever runs the bot.`;
}

/** What a person is told when their request failed: busy, unavailable, or sorry with the logged reference. */
export function failureText(error: unknown, refId: string): string {
  const slack = classifyCallFailure(error);
  if (slack.code === "ratelimited") return rateLimitedText(slack.retryAfterMs);
  if (isPoolExhausted(error)) return BUSY_TEXT;
  if (isStatementTooSlow(error)) return SLOW_TEXT;
  return isDatabaseUnavailable(error) ? UNAVAILABLE_TEXT : apologyText(refId);
}

/**
 * Global middleware: whatever a listener throws, the person who clicked or typed gets a short
 * answer inside Slack's 3 s, and the error continues to app.error with a reference id.
 */
export const replyOnFailure: Middleware<AnyMiddlewareArgs> = async (args) => {
  try {
    await args.next();
  } catch (error) {
    const refId = randomBytes(4).toString("hex");
    const unavailable = isDatabaseUnavailable(error);
    const busy = isPoolExhausted(error);
    await tellUser(args, failureText(error, refId)).catch((replyError: unknown) => {
      args.logger.warn(`could not tell the user about failure ${refId}: ${String(replyError)}`);
    });
    throw new ListenerFailure(error, refId, unavailable, busy, isStatementTooSlow(error));
  }
};

type LooseAck = (response?: object) => Promise<void>;

/** Shows `text` to whoever sent the request: in the ack of a command, under a modal's first field, or by respond(). */
export async function tellUser(args: AnyMiddlewareArgs, text: string): Promise<void> {
  const body = args.body as {
    type?: string;
    command?: string;
    view?: { blocks: { type: string; block_id?: string }[] };
  };
  const ack = "ack" in args ? (args.ack as LooseAck) : undefined;
  const respond = "respond" in args ? args.respond : undefined;
  if (body.type === "view_submission") {
    // Keep the modal open with the person's input intact, with the message under its first field.
    const blockId = body.view?.blocks.find((b) => b.type === "input")?.block_id;
    await ack?.(blockId ? { response_action: "errors", errors: { [blockId]: text } } : undefined);
    return;
  }
  if (ack && (await tryAck(ack, typeof body.command === "string", text))) return;
  await respond?.({ response_type: "ephemeral", replace_original: false, text });
}

/** True when the text went out in the ack itself (slash commands); false when it must go through respond(). */
async function tryAck(ack: LooseAck, isCommand: boolean, text: string): Promise<boolean> {
  try {
    await ack(isCommand ? { response_type: "ephemeral", text } : undefined);
    return isCommand;
  } catch (error) {
    if (error instanceof ReceiverMultipleAckError) return false;
    throw error;
  }
}
