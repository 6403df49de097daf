// The bot's listeners, registered with Bolt once per kind of request and dispatched here by id. Bolt runs
// every registered listener's matchers on every request, each copying the request's arguments: with one Bolt
// listener per action, view and event, that cost more CPU than a /mlops status itself (about 20 µs a listener,
// measured with Bolt's processEvent in a loop). Each listener file still says what it answers with
// app.action(id, …) and friends.
import type {
  AllMiddlewareArgs,
  App,
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

  /** One Bolt listener per kind: each request runs the one matcher of its kind, then its own listener. */
  registerWith(app: App): void {
    const actions = this.#actions;
    const views = this.#views;
    const events = this.#events;
    for (const [name, listener] of this.#commands)
      app.command(name, (args) => listener(args, requestDeps(args.context)));
    if (actions.size > 0)
      app.action(oneOf(actions), (args) => dispatch(actions, actionIdOf(args.action), args));
    if (views.size > 0) app.view(oneOf(views), (args) => dispatch(views, args.view.callback_id, args));
    if (events.size > 0) app.event(oneOf(events), (args) => dispatch(events, args.event.type, args));
  }
}

function add<L>(table: Map<string, L>, kind: string, id: string, listener: L): void {
  if (table.has(id)) throw new Error(`Two listeners for the ${kind} ${id}`);
  table.set(id, listener);
}

/** The id Bolt matched: a block action's action_id (the only kind of action the bot sends). */
function actionIdOf(action: unknown): string {
  return (action as { action_id?: string }).action_id ?? "";
}

/** Matches exactly the ids in `table`. */
function oneOf(table: ReadonlyMap<string, unknown>): RegExp {
  const escaped = [...table.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^(?:${escaped.join("|")})$`);
}

function dispatch<A>(table: ReadonlyMap<string, Listener<A>>, id: string, args: A & AllMiddlewareArgs) {
  const listener = table.get(id);
  // Unreachable: Bolt matched the id against this very table.
  if (!listener) throw new Error(`No listener for ${id}`);
  return listener(args, requestDeps(args.context));
}
