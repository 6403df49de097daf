// Every request's database work shares one deadline, well inside Slack's 3 s: when the database is slow or
// locked, the person still gets "temporarily unavailable" (failure-reply.ts) in time, not Slack's timeout.
import type { AnyMiddlewareArgs, Context, Middleware } from "@slack/bolt";
import { type Deps, withDatabaseBudget } from "../deps.js";
import { Slots } from "../slots.js";

/**
 * All waits for a connection and all queries of one request, together. With the reply itself this keeps
 * the ack under 2 s (npm run bench:slow-database), a second clear of Slack's limit for slow networks.
 */
export const REQUEST_DATABASE_BUDGET_MS = 1_200;

/** Events worked on at once: fewer than the pool's connections, so that commands still find one. */
export const EVENT_CONCURRENCY = 8;

/**
 * The budget of each request. Bolt acks an event (an App Home opened) before any middleware runs, so its
 * work has no 3 s to meet: it waits its turn, at most EVENT_CONCURRENCY at a time, and its budget starts
 * when its turn comes. A burst of Homes opened then publishes later instead of failing as "unavailable"
 * while each waits for a pooled connection.
 */
export function databaseBudget(deps: Deps, concurrency = EVENT_CONCURRENCY): Middleware<AnyMiddlewareArgs> {
  const turns = new Slots(concurrency);
  return (args) => {
    const work = () => {
      args.context[REQUEST_DEPS] = withDatabaseBudget(deps, REQUEST_DATABASE_BUDGET_MS);
      return args.next();
    };
    return "event" in args && !("ack" in args) ? turns.run(work) : work();
  };
}

const REQUEST_DEPS = "requestDeps";

/** The deps of the request whose context this is: the bot's, with the request's database budget. */
export function requestDeps(context: Context): Deps {
  const deps = context[REQUEST_DEPS] as Deps | undefined;
  // Unreachable in the bot: databaseBudget runs before every listener.
  if (!deps) throw new Error("a listener ran without the request budget middleware");
  return deps;
}
