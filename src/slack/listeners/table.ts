// The bot's listeners, dispatched by the request's kind and id from one middleware. Bolt runs every registered
// listener's matchers on every request, each copying the request's arguments, and a listener per action, view
// and event cost more CPU than a /mlops status itself (about 20 µs a listener, measured with Bolt's
// processEvent in a loop); one Bolt listener per kind still cost each request four such chains. Each listener
// file still says what it answers with app.action(id, …) and friends.
import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from "@slack/bolt";
import type { Deps } from "../../deps.js";
import type { Handled } from "../forms/request-shape.js";
import { requestDeps } from "../request-budget.js";

/** A listener: Bolt's arguments and the request's deps (the bot's, with the request's database budget). */
export type Listener<A> = (args: A & AllMiddlewareArgs, deps: Deps) => Promise<void>;
type ActionListener = Listener<SlackActionMiddlewareArgs>;
type ViewListener = Listener<SlackViewMiddlewareArgs>;
type EventListener = Listener<SlackEventMiddlewareArgs>;

export class ListenerTable {
  readonly #commands = new Map<string, Listener<SlackCommandMiddlewareArgs>>();
  readonly #actions = new Map<string, ActionListener>();
  readonly #views = new Map<string, ViewListener>();
  readonly #events = new Map<string, EventListener>();

  command(name: string, listener: Listener<SlackCommandMiddlewareArgs>) {
    add(this.#commands, "command", name, listener);
  }

  action<A extends SlackAction = SlackAction>(
    actionId: string,
    listener: Listener<SlackActionMiddlewareArgs<A>>,
  ) {
    // The id picks the listener, so its payload is the kind it was written for.
    add(this.#actions, "action", actionId, listener as unknown as ActionListener);
  }

  view<V extends SlackViewAction = SlackViewAction>(
    callbackId: string,
    listener: Listener<SlackViewMiddlewareArgs<V>>,
  ) {
    add(this.#views, "view", callbackId, listener as unknown as ViewListener);
  }

  event<T extends string>(type: T, listener: Listener<SlackEventMiddlewareArgs<T>>) {
    add(this.#events, "event", type, listener as unknown as EventListener);
  }

  /** What the listeners answer: the request gate acknowledges anything else before Bolt waits for it. */
  handled(): Handled {
    return {
      commands: new Set(this.#commands.keys()),
      actions: new Set(this.#actions.keys()),
      views: new Set(this.#views.keys()),
    };
  }

  /**
   * The listeners as the last of the bot's middlewares: the request's kind and id pick its listener, and what
   * none answers goes on to Bolt's end of the chain (no Bolt listener is registered).
   */
  dispatcher(): Middleware<AnyMiddlewareArgs> {
    return (args) => {
      const listener = this.#listenerOf(args);
      return listener ? listener(args as never, requestDeps(args.context)) : args.next();
    };
  }

  #listenerOf(args: AnyMiddlewareArgs): Listener<never> | undefined {
    if ("command" in args) return this.#commands.get(args.command.command);
    if ("action" in args && args.body.type === "block_actions")
      return this.#actions.get(actionIdOf(args.action));
    if ("view" in args && args.body.type === "view_submission") return this.#views.get(args.view.callback_id);
    if ("event" in args) return this.#events.get(args.event.type);
    return undefined;
  }
}

function add<L>(table: Map<string, L>, kind: string, id: string, listener: L): void {
  if (table.has(id)) throw new Error(`Two listeners for the ${kind} ${id}`);
  table.set(id, listener);
}

/** A block action's action_id (the only kind of action the bot sends). */
function actionIdOf(action: unknown): string {
  return (action as { action_id?: string }).action_id ?? "";
}
