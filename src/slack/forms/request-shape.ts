// Whether a signed request to /slack/events is one the bot can handle, judged on its raw body before Bolt
// parses it: Bolt throws, or waits 3 s and answers 404, on bodies real Slack never sends (payload=null, a
// view_submission without its view). Only the fields the listeners rely on are checked; the form parsers
// deal with anything inside a modal's state.
import { unescape as decodeFormValue } from "node:querystring";
import { z } from "zod";

export type Verdict =
  /** Handle it as usual. */
  | { readonly kind: "pass" }
  /** Malformed: answer 400. */
  | { readonly kind: "refuse"; readonly reason: string }
  /** Well formed, but nothing listens for it: acknowledge it with an empty 200. */
  | { readonly kind: "ignore"; readonly reason: string };

/** The slash commands, action_ids and modal callback_ids that listeners answer. */
export interface Handled {
  readonly commands: ReadonlySet<string>;
  readonly actions: ReadonlySet<string>;
  readonly views: ReadonlySet<string>;
}

const FORM = "application/x-www-form-urlencoded";
const PASS: Verdict = { kind: "pass" };

const someone = z.object({ id: z.string() });
const blockActions = z.object({
  user: someone,
  actions: z.array(z.object({ action_id: z.string() })).min(1),
});
const viewSubmission = z.object({
  user: someone,
  view: z.object({ callback_id: z.string(), state: z.object({}) }),
});
const eventCallback = z.object({ event: z.object({ type: z.string() }) });

export function judgeRequest(contentType: string | undefined, rawBody: string, handled: Handled): Verdict {
  if (contentType !== FORM) return judgeJson(rawBody); // Bolt reads anything but a plain form as JSON
  if (formField(rawBody, "ssl_check") === "1") return PASS;
  const payload = formField(rawBody, "payload");
  if (payload === undefined) return judgeCommand(rawBody, handled);
  const parsed = parseObject(payload);
  if (!parsed) return { kind: "refuse", reason: "payload is not a JSON object" };
  return judgeInteraction(parsed, handled);
}

function judgeJson(rawBody: string): Verdict {
  const body = parseObject(rawBody);
  if (!body) return { kind: "refuse", reason: "body is not a JSON object" };
  if (typeof body.type !== "string") return { kind: "refuse", reason: "body has no type" };
  return body.type === "event_callback" ? problem("event_callback", eventCallback.safeParse(body)) : PASS;
}

// The command's own fields are its listener's to check: it tells the person what is missing.
function judgeCommand(rawBody: string, handled: Handled): Verdict {
  const command = formField(rawBody, "command");
  if (!command) return { kind: "refuse", reason: "form is neither a slash command nor an interaction" };
  if (handled.commands.has(command)) return PASS;
  return { kind: "ignore", reason: `no listener for command ${JSON.stringify(command)}` };
}

const FIELD_PATTERNS = new Map(
  ["ssl_check", "payload", "command"].map((name) => [name, new RegExp(`(?:^|&)${name}=([^&]*)`)]),
);

/**
 * One field of a form body, decoded as Bolt's parser decodes it; found without parsing the whole body,
 * which Bolt is about to do anyway (this runs on every slash command).
 */
function formField(rawBody: string, name: string): string | undefined {
  const value = FIELD_PATTERNS.get(name)?.exec(rawBody)?.[1];
  return value === undefined ? undefined : decodeFormValue(value.replace(/\+/g, " "));
}

function judgeInteraction(payload: Record<string, unknown>, handled: Handled): Verdict {
  if (typeof payload.type !== "string") return { kind: "refuse", reason: "payload has no type" };
  switch (payload.type) {
    case "block_actions": {
      const parsed = blockActions.safeParse(payload);
      if (!parsed.success) return problem("block_actions", parsed);
      const ids = parsed.data.actions.map((a) => a.action_id);
      if (ids.some((id) => handled.actions.has(id))) return PASS;
      return {
        kind: "ignore",
        reason: `no listener for action_id ${ids.map((id) => JSON.stringify(id)).join(", ")}`,
      };
    }
    case "view_submission": {
      const parsed = viewSubmission.safeParse(payload);
      if (!parsed.success) return problem("view_submission", parsed);
      if (handled.views.has(parsed.data.view.callback_id)) return PASS;
      return {
        kind: "ignore",
        reason: `no listener for callback_id ${JSON.stringify(parsed.data.view.callback_id)}`,
      };
    }
    default:
      return {
        kind: "ignore",
        reason: `no listener for interactions of type ${JSON.stringify(payload.type)}`,
      };
  }
}

function problem(what: string, result: z.ZodSafeParseResult<unknown>): Verdict {
  const issue = result.error?.issues[0];
  if (!issue) return PASS;
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  return { kind: "refuse", reason: `${what} has no usable ${where} (${issue.message})` };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
