import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

/**
 * Counts listeners still running. Bolt answers Slack as soon as a listener acks, so a listener can
 * still be writing to the database after its HTTP request is done; shutdown waits for these.
 */
export class InFlightListeners {
  private running = 0;
  private waiters: (() => void)[] = [];

  readonly middleware: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    this.running++;
    try {
      await next();
    } finally {
      this.running--;
      if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  };

  drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
