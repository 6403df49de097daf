// Every request's database work shares one deadline, well inside Slack's 3 s: when the database is slow or
// locked, the person still gets "temporarily unavailable" (failure-reply.ts) in time, not Slack's timeout.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { withDatabaseDeadline } from "../db/deadline.js";

/**
 * All waits for a connection and all queries of one request, together. With the reply itself this keeps
 * the ack under 2 s (npm run bench:slow-database), a second clear of Slack's limit for slow networks.
 */
export const REQUEST_DATABASE_BUDGET_MS = 1_200;

export const databaseBudget: Middleware<AnyMiddlewareArgs> = (args) =>
  withDatabaseDeadline(REQUEST_DATABASE_BUDGET_MS, () => args.next());
