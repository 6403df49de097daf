// Whether a signed request to /slack/events is one the bot can handle, judged as it is parsed (once, the way
// Bolt's own receiver parses it): Bolt throws, or waits 3 s and answers 404, on bodies real Slack never sends
// (payload=null, a view_submission without its view). Only the fields the listeners rely on are checked; the
// form parsers deal with anything inside a modal's state.
import { parse as parseForm } from "node:querystring";
import { z } from "zod";

export type Verdict =
  /** Handle it as usual: the body Bolt's listeners get. */
  | { readonly kind: "pass"; readonly body: Record<string, unknown> }
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
const pass = (body: Record<string, unknown>): Verdict => ({ kind: "pass", body });

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
  const form: Record<string, unknown> = parseForm(rawBody);
  if (form.ssl_check === "1") return pass(form);
  if (form.payload === undefined) return judgeCommand(form, handled);
  const parsed = typeof form.payload === "string" ? parseObject(form.payload) : undefined;
  if (!parsed) return { kind: "refuse", reason: "payload is not a JSON object" };
  return judgeInteraction(parsed, handled);
}

function judgeJson(rawBody: string): Verdict {
  const body = parseObject(rawBody);
  if (!body) return { kind: "refuse", reason: "body is not a JSON object" };
  if (typeof body.type !== "string") return { kind: "refuse", reason: "body has no type" };
  if (body.type !== "event_callback") return pass(body);
  const envelope = unwrapNestedEvent(body);
  return problem(envelope, "event_callback", eventCallback.safeParse(envelope));
}

/**
 * Slack's reference pages for team_access_granted and team_access_revoked show the event wrapped once more
 * (`event: { team_id, enterprise_id, api_app_id, event: { type, team_ids } }`): such an envelope is read as
 * the usual one, so the event reaches its listener whichever shape Slack sends.
 */
function unwrapNestedEvent(body: Record<string, unknown>): Record<string, unknown> {
  const outer = body.event as Record<string, unknown> | undefined;
  const inner = outer?.event as Record<string, unknown> | undefined;
  if (typeof outer !== "object" || outer === null || "type" in outer) return body;
  if (typeof inner !== "object" || inner === null || typeof inner.type !== "string") return body;
  return { ...body, enterprise_id: body.enterprise_id ?? outer.enterprise_id, event: inner };
}

// The command's own fields are its listener's to check: it tells the person what is missing.
function judgeCommand(form: Record<string, unknown>, handled: Handled): Verdict {
  const { command } = form;
  if (typeof command !== "string" || command === "") {
    return { kind: "refuse", reason: "form is neither a slash command nor an interaction" };
  }
  if (handled.commands.has(command)) return pass(form);
  return { kind: "ignore", reason: `no listener for command ${JSON.stringify(command)}` };
}

function judgeInteraction(payload: Record<string, unknown>, handled: Handled): Verdict {
  if (typeof payload.type !== "string") return { kind: "refuse", reason: "payload has no type" };
  switch (payload.type) {
    case "block_actions": {
      const parsed = blockActions.safeParse(payload);
      if (!parsed.success) return problem(payload, "block_actions", parsed);
      const ids = parsed.data.actions.map((a) => a.action_id);
      if (ids.some((id) => handled.actions.has(id))) return pass(payload);
      return {
        kind: "ignore",
        reason: `no listener for action_id ${ids.map((id) => JSON.stringify(id)).join(", ")}`,
      };
    }
    case "view_submission": {
      const parsed = viewSubmission.safeParse(payload);
      if (!parsed.success) return problem(payload, "view_submission", parsed);
      if (handled.views.has(parsed.data.view.callback_id)) return pass(payload);
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

function problem(
  body: Record<string, unknown>,
  what: string,
  result: z.ZodSafeParseResult<unknown>,
): Verdict {
  const issue = result.error?.issues[0];
  if (!issue) return pass(body);
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
