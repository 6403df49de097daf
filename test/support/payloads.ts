import type { BlockAction, SlashCommand, ViewStateValue, ViewSubmitAction } from "@slack/bolt";

export interface Actor {
  teamId: string;
  userId: string;
  enterpriseId?: string;
  /** The app is installed org-wide in the actor's Enterprise Grid org: Slack flags its requests so. */
  orgWide?: boolean;
}

export const ALICE: Actor = { teamId: "T0", userId: "UALICE" };
export const BOB: Actor = { teamId: "T0", userId: "UBOB" };

/**
 * The trigger_id Slack puts in commands, clicks and submissions: the harness takes a real one from the fake
 * Slack (slack.workspace.issueTrigger), which refuses any other in views.open; without one, a made-up id.
 */
interface WithTrigger {
  triggerId?: string;
}

export interface CommandOptions extends WithTrigger {
  actor?: Actor;
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
}

/** The fields of a slash command exactly as Slack form-encodes them. */
export function slashCommand(text: string, options: CommandOptions = {}): SlashCommand {
  const actor = options.actor ?? ALICE;
  return {
    token: "legacy-verification-token",
    team_id: actor.teamId,
    team_domain: "fake",
    ...(actor.enterpriseId ? { enterprise_id: actor.enterpriseId, enterprise_name: "Fake Org" } : {}),
    channel_id: options.channelId ?? "CTEAM",
    channel_name: options.channelName ?? "ml-team",
    user_id: actor.userId,
    user_name: actor.userId.toLowerCase(),
    command: "/mlops",
    text,
    api_app_id: "A0MLOPS",
    is_enterprise_install: actor.orgWide ? "true" : "false",
    response_url: options.responseUrl ?? "https://hooks.slack.com/commands/T0/1/x",
    trigger_id: options.triggerId ?? `${Date.now()}.1.trigger`,
  };
}

/** A block_actions payload for a button click, in a message or in a view. */
export function buttonClick(
  actionId: string,
  options: WithTrigger & {
    actor?: Actor;
    value?: string;
    blockId?: string;
    channelId?: string;
    responseUrl?: string;
    container?: "message" | "view";
    /** Blocks of the message the button is in, as Slack sends them back. */
    messageBlocks?: unknown[];
    /** The modal the button is in (container "view"), as Slack sends it back. */
    view?: { id: string; type: "modal" | "home"; callback_id?: string; private_metadata?: string };
  } = {},
): BlockAction {
  const actor = options.actor ?? ALICE;
  const inMessage = (options.container ?? "message") === "message";
  const channelId = options.channelId ?? "CTEAM";
  return {
    type: "block_actions",
    team: {
      id: actor.teamId,
      domain: "fake",
      ...(actor.enterpriseId ? { enterprise_id: actor.enterpriseId } : {}),
    },
    user: {
      id: actor.userId,
      username: actor.userId.toLowerCase(),
      name: actor.userId.toLowerCase(),
      team_id: actor.teamId,
    },
    api_app_id: "A0MLOPS",
    token: "legacy-verification-token",
    trigger_id: options.triggerId ?? `${Date.now()}.2.trigger`,
    ...(inMessage
      ? {
          container: {
            type: "message",
            message_ts: "1700000000.000100",
            channel_id: channelId,
            is_ephemeral: false,
          },
          channel: { id: channelId, name: "ml-team" },
          message: {
            type: "message",
            ts: "1700000000.000100",
            text: "",
            user: "UBOT",
            ...(options.messageBlocks ? { blocks: options.messageBlocks } : {}),
          },
          response_url: options.responseUrl ?? "https://hooks.slack.com/actions/T0/2/x",
        }
      : {
          container: { type: "view", view_id: options.view?.id ?? "VHOME" },
          ...(options.view
            ? { view: { blocks: [], state: { values: {} }, hash: "1.hash", ...options.view } }
            : {}),
        }),
    actions: [
      {
        type: "button",
        action_id: actionId,
        block_id: options.blockId ?? "actions",
        text: { type: "plain_text", text: "Button" },
        ...(options.value !== undefined ? { value: options.value } : {}),
        action_ts: String(Date.now() / 1000),
      },
    ],
  } as BlockAction;
}

export type StateValues = Record<string, Record<string, ViewStateValue>>;

/** A view_submission for a modal the bot opened, with the given state and private_metadata. */
export function viewSubmission(
  callbackId: string,
  values: StateValues,
  options: WithTrigger & {
    actor?: Actor;
    privateMetadata?: string;
    blocks?: { type: string; block_id?: string }[];
  } = {},
): ViewSubmitAction {
  const actor = options.actor ?? ALICE;
  return {
    type: "view_submission",
    team: {
      id: actor.teamId,
      domain: "fake",
      ...(actor.enterpriseId ? { enterprise_id: actor.enterpriseId } : {}),
    },
    user: { id: actor.userId, name: actor.userId.toLowerCase(), team_id: actor.teamId },
    api_app_id: "A0MLOPS",
    token: "legacy-verification-token",
    trigger_id: options.triggerId ?? `${Date.now()}.3.trigger`,
    is_enterprise_install: actor.orgWide === true,
    ...(actor.enterpriseId ? { enterprise: { id: actor.enterpriseId, name: "Fake Org" } } : {}),
    response_urls: [],
    view: {
      id: "VMODAL",
      team_id: actor.teamId,
      type: "modal",
      blocks: options.blocks ?? Object.keys(values).map((block_id) => ({ type: "input", block_id })),
      private_metadata: options.privateMetadata ?? "",
      callback_id: callbackId,
      state: { values },
      hash: "1700000000.hash",
      title: { type: "plain_text", text: "Modal" },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: "plain_text", text: "Submit" },
      root_view_id: "VMODAL",
      previous_view_id: null,
      app_id: "A0MLOPS",
      external_id: "",
      app_installed_team_id: actor.teamId,
      bot_id: "BBOT",
    },
  } as ViewSubmitAction;
}

/** An Events API envelope as Slack POSTs it. */
export function eventEnvelope(event: Record<string, unknown>, actor: Actor = ALICE): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: actor.teamId,
    ...(actor.enterpriseId ? { enterprise_id: actor.enterpriseId } : {}),
    api_app_id: "A0MLOPS",
    event,
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: actor.enterpriseId ?? null,
        team_id: actor.teamId,
        user_id: "UBOT",
        is_bot: true,
        is_enterprise_install: actor.orgWide === true,
      },
    ],
  };
}

export function appHomeOpened(actor: Actor = ALICE): Record<string, unknown> {
  return eventEnvelope(
    {
      type: "app_home_opened",
      user: actor.userId,
      channel: `D${actor.userId}`,
      tab: "home",
      event_ts: `${Date.now() / 1000}`,
    },
    actor,
  );
}
