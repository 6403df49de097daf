// What Slack sends an app: slash commands, block_actions, view_submission and events, signed with the app's
// signing secret and POSTed to its request URL. The playground is Slack's side of the conversation with them.
import { createHmac } from "node:crypto";
import { escapeMrkdwn } from "../slack/views/mrkdwn.js";
import type { FakeMessage, FakeView } from "./state.js";

/** Slack's v0 signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>`, hex, prefixed with `v0=`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface AppEndpoint {
  /** The app's request URL, e.g. http://127.0.0.1:3000/slack/events. */
  readonly url: string;
  readonly signingSecret: string;
}

export interface AppAnswer {
  readonly status: number;
  /** The ack's JSON body; undefined when it was empty or not JSON. */
  readonly body: Record<string, unknown> | undefined;
}

const FORM = "application/x-www-form-urlencoded";

/** POSTs a body as Slack does: signed, timestamped now by the wall clock. */
export async function sendToApp(app: AppEndpoint, body: string, contentType: string): Promise<AppAnswer> {
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(app.url, {
    method: "POST",
    body,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(app.signingSecret, timestamp, body),
    },
  });
  const text = await res.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed };
}

/** Who is acting, in which workspace. */
export interface Person {
  readonly teamId: string;
  readonly userId: string;
  readonly name: string;
}

const APP_ID = "A0MLOPS";
const LEGACY_TOKEN = "legacy-verification-token";

function team(person: Person) {
  return { id: person.teamId, domain: "playground" };
}

function user(person: Person) {
  return { id: person.userId, username: person.name, name: person.name, team_id: person.teamId };
}

/**
 * A command's text as Slack sends it with should_escape on (both manifests): a typed &, < or > becomes
 * &amp;, &lt; or &gt;; a known channel typed as #name becomes <#C…|name>, a known person typed as @name
 * becomes <@U…|name>; anything else stays as typed.
 */
export function escapeCommandText(
  text: string,
  known: { channel(name: string): string | undefined; user(name: string): string | undefined },
): string {
  return escapeMrkdwn(text).replace(
    /(^|\s)([#@])([\w.-]+)/g,
    (whole, space: string, sigil: string, name: string) => {
      const id = sigil === "#" ? known.channel(name) : known.user(name);
      if (!id) return whole;
      return `${space}<${sigil}${id}|${name}>`;
    },
  );
}

/** A slash command, form-encoded as Slack sends it. */
export function slashCommandBody(
  person: Person,
  command: { channelId: string; channelName: string; text: string; responseUrl: string; triggerId: string },
): { body: string; contentType: string } {
  const fields = {
    token: LEGACY_TOKEN,
    team_id: person.teamId,
    team_domain: "playground",
    channel_id: command.channelId,
    channel_name: command.channelName,
    user_id: person.userId,
    user_name: person.name,
    command: "/mlops",
    text: command.text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: command.responseUrl,
    trigger_id: command.triggerId,
  };
  return { body: new URLSearchParams(fields).toString(), contentType: FORM };
}

/** The element clicked, as Slack echoes it in `actions`. */
export interface ClickedElement {
  readonly blockId: string;
  readonly element: Record<string, unknown>;
  /** A menu's (static_select's) option that was picked. */
  readonly selectedOption?: Record<string, unknown>;
}

export type ActionSource =
  | {
      readonly kind: "message";
      readonly message: FakeMessage;
      readonly ephemeral: boolean;
      readonly responseUrl: string;
    }
  | { readonly kind: "view"; readonly view: FakeView; readonly values: StateValues };

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A block_actions payload for a button clicked in a message, a modal or the Home tab. */
export function blockActionsBody(
  person: Person,
  clicked: ClickedElement,
  source: ActionSource,
  triggerId: string,
): { body: string; contentType: string } {
  const { element } = clicked;
  const action = {
    type: element.type,
    action_id: element.action_id,
    block_id: clicked.blockId,
    ...(element.text ? { text: element.text } : {}),
    ...(element.value !== undefined ? { value: element.value } : {}),
    ...(clicked.selectedOption ? { selected_option: clicked.selectedOption } : {}),
    action_ts: String(Date.now() / 1000),
  };
  const where =
    source.kind === "message"
      ? {
          container: {
            type: "message",
            message_ts: source.message.ts,
            channel_id: source.message.channel,
            is_ephemeral: source.ephemeral,
          },
          channel: { id: source.message.channel, name: source.message.channel },
          message: {
            type: "message",
            ts: source.message.ts,
            text: source.message.text,
            user: "UBOT",
            bot_id: source.message.bot_id,
            ...(source.message.blocks ? { blocks: source.message.blocks } : {}),
          },
          response_url: source.responseUrl,
        }
      : {
          container: { type: "view", view_id: source.view.id },
          view: viewPayload(person, source.view, source.values),
        };
  const payload = {
    type: "block_actions",
    team: team(person),
    user: user(person),
    api_app_id: APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: triggerId,
    ...where,
    actions: [action],
  };
  return interactive(payload);
}

/** A view_submission for the modal on top of the person's stack, with what they entered. */
export function viewSubmissionBody(
  person: Person,
  view: FakeView,
  values: StateValues,
  triggerId: string,
): { body: string; contentType: string } {
  return interactive({
    type: "view_submission",
    team: team(person),
    user: user(person),
    api_app_id: APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: triggerId,
    is_enterprise_install: false,
    response_urls: [],
    view: viewPayload(person, view, values),
  });
}

function viewPayload(person: Person, view: FakeView, values: StateValues): Record<string, unknown> {
  const v = view.view;
  return {
    id: view.id,
    team_id: person.teamId,
    type: v.type,
    blocks: v.blocks,
    private_metadata: v.private_metadata ?? "",
    callback_id: v.callback_id ?? "",
    state: { values },
    hash: `${view.id}.hash`,
    title: v.title ?? null,
    clear_on_close: false,
    notify_on_close: false,
    close: v.close ?? null,
    submit: v.submit ?? null,
    root_view_id: view.id,
    previous_view_id: null,
    app_id: APP_ID,
    external_id: "",
    app_installed_team_id: person.teamId,
    bot_id: "BBOT",
  };
}

/** The Events API envelope of app_home_opened, when someone opens the app's Home tab. */
export function appHomeOpenedBody(person: Person): { body: string; contentType: string } {
  const envelope = {
    token: LEGACY_TOKEN,
    team_id: person.teamId,
    api_app_id: APP_ID,
    event: {
      type: "app_home_opened",
      user: person.userId,
      channel: `D${person.userId}`,
      tab: "home",
      event_ts: `${Date.now() / 1000}`,
    },
    type: "event_callback",
    event_id: `Ev${Date.now().toString(36).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: person.teamId,
        user_id: "UBOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  };
  return { body: JSON.stringify(envelope), contentType: "application/json" };
}

function interactive(payload: object): { body: string; contentType: string } {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM };
}
