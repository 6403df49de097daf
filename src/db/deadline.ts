// A time budget for the database work of one request. Slack shows an error when a slash command is not
// acknowledged within 3 s; every query a request makes, and every wait for a pooled connection, shares one
// deadline, so the bot can still say "temporarily unavailable" in time however many queries it would take.
// The deadline travels with the database handle the request's work is given (connect.ts: withinBudget), not
// in an AsyncLocalStorage: the promise hooks that storage turns on cost every promise of the process, about a
// fifth of a /mlops status's CPU (issue 19).

/** When a budget runs out, on the monotonic clock (performance.now()). */
export type Deadline = number;

/** The deadline of a budget of `budgetMs` that starts now. */
export function deadlineIn(budgetMs: number): Deadline {
  return performance.now() + budgetMs;
}

/** What is left until `deadline`, in ms (negative once it has passed). */
export function remainingMs(deadline: Deadline): number {
  return deadline - performance.now();
}

/** The request's database budget (or, outside one, a query's timeout) ran out before a connection or an answer came. */
export class DatabaseDeadlineExceeded extends Error {
  override name = "DatabaseDeadlineExceeded";
  constructor(
    what: string,
    cause?: unknown,
    /** It ran out waiting for a connection while every one of the pool's was in use by other work. */
    readonly poolBusy = false,
    /** A statement ran out of time and the server took the request to cancel it: reachable, only slow. */
    readonly statementSlow = false,
  ) {
    super(`the database time ran out ${what}`, cause === undefined ? undefined : { cause });
  }
}

/**
 * True when the budget ran out because the pool was full of other requests' work, not because the database
 * was slow or unreachable: the bot is busy, and a retry in a few seconds works.
 */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof DatabaseDeadlineExceeded && error.poolBusy;
}

/**
 * True when a statement ran past the time it had and the server itself stopped it on request: the database is
 * reachable, only slow (a lock, a heavy query); not a network or server outage.
 */
export function isStatementTooSlow(error: unknown): boolean {
  return error instanceof DatabaseDeadlineExceeded && error.statementSlow;
}
