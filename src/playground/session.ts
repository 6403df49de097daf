// Slack's side of the page: what a person does in the page becomes the request Slack would send the bot
// (signed, to its real /slack/events), and the bot's answer lands where Slack would put it.
import { messageBlockProblems } from "../fake-slack/block-kit.js";
import {
  type ActionSource,
  type AppAnswer,
  type AppEndpoint,
  appHomeOpenedBody,
  blockActionsBody,
  escapeCommandText,
  type Person,
  type StateValues,
  sendToApp,
  slashCommandBody,
  viewSubmissionBody,
} from "../fake-slack/requests.js";
import type { FakeSlack, FakeView } from "../fake-slack/server.js";

export class PlaygroundError extends Error {}

export interface ClickRequest {
  readonly userId: string;
  /** Where the button is: a message (channel and ts) or a view (a modal or the Home tab). */
  readonly channel?: string;
  readonly ts?: string;
  readonly viewId?: string;
  readonly blockIndex: number;
  readonly actionId: string;
  /** A modal's state when a button in it is clicked. */
  readonly values?: StateValues;
  /** The value of the option picked, when the element is a menu (static_select). */
  readonly selected?: string;
}

export type SubmitOutcome = { kind: "closed" } | { kind: "errors"; errors: Record<string, string> };

type Block = Record<string, unknown>;

export class SlackSide {
  constructor(
    private readonly slack: FakeSlack,
    private readonly app: AppEndpoint,
  ) {}

  private get workspace() {
    return this.slack.workspace;
  }

  person(userId: string): Person {
    const user = this.workspace.users.get(userId);
    if (!user) throw new PlaygroundError(`nobody called ${userId} is in the playground`);
    return { teamId: this.workspace.identity.teamId, userId, name: user.name ?? userId };
  }

  /** `/mlops <text>` typed in a conversation; the ack's answer is shown to that person only, as Slack does. */
  async command(userId: string, channel: string, text: string): Promise<void> {
    const person = this.person(userId);
    const request = slashCommandBody(person, {
      channelId: channel,
      channelName: this.workspace.channels.get(channel)?.name ?? "directmessage",
      text: escapeCommandText(text, {
        channel: (name) => [...this.workspace.channels.values()].find((c) => c.name === name)?.id,
        user: (name) =>
          [...this.workspace.users.values()].find((u) => u.name?.toLowerCase() === name.toLowerCase())?.id,
      }),
      responseUrl: this.slack.responseUrlFor({ channel, user: userId }),
      triggerId: this.workspace.issueTrigger(userId),
    });
    const answer = await sendToApp(this.app, request.body, request.contentType);
    const shown = `/mlops ${text}`.trim();
    if (answer.status !== 200)
      return void this.tell(userId, channel, `${shown} failed with the error "http_${answer.status}"`, shown);
    if (!answer.body) return;
    const problems = answer.body.blocks === undefined ? [] : messageBlockProblems(answer.body.blocks);
    if (problems.length > 0) {
      this.slack.refusals.push({
        method: "command ack",
        error: "invalid_blocks",
        messages: problems,
        at: Date.now(),
      });
      return void this.tell(userId, channel, `${shown} failed with the error "invalid_blocks"`, shown);
    }
    const message = { channel, text: String(answer.body.text ?? ""), blocks: answer.body.blocks };
    if (answer.body.response_type === "in_channel") this.workspace.post(message);
    else this.workspace.postEphemeral({ ...message, user: userId, command: shown });
  }

  /** A button clicked in a message, a modal or the Home tab: a block_actions payload. */
  async click(request: ClickRequest): Promise<void> {
    const person = this.person(request.userId);
    const { source, blocks } = this.sourceOf(request);
    const block = blocks[request.blockIndex];
    const element = block ? elementIn(block, request.actionId) : undefined;
    if (!block || !element) throw new PlaygroundError("that button is no longer there");
    const clicked = {
      blockId: blockIdOf(block, request.blockIndex),
      element,
      selectedOption: request.selected === undefined ? undefined : optionOf(element, request.selected),
    };
    const trigger = this.workspace.issueTrigger(request.userId);
    const body = blockActionsBody(person, clicked, source, trigger);
    expectAck(await sendToApp(this.app, body.body, body.contentType));
  }

  /** The modal on top of the person's stack submitted: Slack closes it, or shows the errors the bot acks. */
  async submit(userId: string, viewId: string, values: StateValues): Promise<SubmitOutcome> {
    const person = this.person(userId);
    const view = this.topModal(userId, viewId);
    const body = viewSubmissionBody(person, view, values, this.workspace.issueTrigger(userId));
    const answer = await sendToApp(this.app, body.body, body.contentType);
    expectAck(answer);
    const action = answer.body?.response_action;
    if (action === "errors") return { kind: "errors", errors: answer.body?.errors as Record<string, string> };
    const stack = this.workspace.modals.get(userId) ?? [];
    if (action === "clear") stack.length = 0;
    else if (action === "update") view.view = answer.body?.view as Record<string, unknown>;
    else if (action === "push")
      stack.push({ id: this.workspace.nextViewId(), user: userId, view: answer.body?.view as never });
    else stack.pop();
    return { kind: "closed" };
  }

  /** Cancel or ×: Slack closes the modal without telling the bot (no view uses notify_on_close). */
  close(userId: string, viewId: string): void {
    this.topModal(userId, viewId);
    this.workspace.modals.get(userId)?.pop();
  }

  /** The person opens the app's Home tab: an app_home_opened event. */
  async openHome(userId: string): Promise<void> {
    const body = appHomeOpenedBody(this.person(userId));
    expectAck(await sendToApp(this.app, body.body, body.contentType));
  }

  private tell(user: string, channel: string, text: string, command: string): void {
    this.workspace.postEphemeral({ channel, user, text, command });
  }

  private topModal(userId: string, viewId: string): FakeView {
    const view = this.workspace.modals.get(userId)?.at(-1);
    if (!view || view.id !== viewId) throw new PlaygroundError("that modal is no longer open");
    return view;
  }

  private sourceOf(request: ClickRequest): { source: ActionSource; blocks: Block[] } {
    if (request.viewId !== undefined) {
      const view = this.workspace.findView(request.viewId);
      if (!view || view.user !== request.userId) throw new PlaygroundError("that view is no longer open");
      return {
        source: { kind: "view", view, values: request.values ?? {} },
        blocks: blocksOf(view.view.blocks),
      };
    }
    const channel = String(request.channel ?? "");
    const posted = this.workspace.histories.get(channel)?.find((m) => m.ts === request.ts);
    const ephemeral = this.workspace.ephemerals.find(
      (m) => m.ts === request.ts && m.channel === channel && m.user === request.userId,
    );
    const found = posted ?? (ephemeral ? { ...ephemeral, bot_id: "BBOT" } : undefined);
    if (!found) throw new PlaygroundError("that message is no longer there");
    const responseUrl = this.slack.responseUrlFor({ channel, user: request.userId, messageTs: found.ts });
    return {
      source: { kind: "message", message: found, ephemeral: !posted, responseUrl },
      blocks: blocksOf(found.blocks),
    };
  }
}

function blocksOf(blocks: unknown): Block[] {
  return Array.isArray(blocks) ? (blocks as Block[]) : [];
}

/** A block's id as Slack reports it; Slack makes one up for a block sent without. */
export function blockIdOf(block: Block, index: number): string {
  return typeof block.block_id === "string" ? block.block_id : `block-${index}`;
}

/** The menu's option with that value, as Slack sends it back in `selected_option`. */
function optionOf(element: Record<string, unknown>, value: string): Record<string, unknown> {
  const options = Array.isArray(element.options) ? (element.options as Record<string, unknown>[]) : [];
  const option = options.find((o) => o.value === value);
  if (!option) throw new PlaygroundError("that option is no longer in the menu");
  return option;
}

function elementIn(block: Block, actionId: string): Record<string, unknown> | undefined {
  const candidates = [
    ...(Array.isArray(block.elements) ? (block.elements as Block[]) : []),
    ...(block.accessory ? [block.accessory as Block] : []),
  ];
  return candidates.find((e) => e.action_id === actionId);
}

function expectAck(answer: AppAnswer): void {
  if (answer.status !== 200)
    throw new PlaygroundError(`the bot answered HTTP ${answer.status}; Slack would show the person an error`);
}
