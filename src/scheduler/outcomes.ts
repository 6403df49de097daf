import type { Outcome } from "../db/deliveries.js";

const RETRY_DELAY_MS = 500;

/**
 * Records outcomes in small batches: one statement per ~200 ms or 100 outcomes instead of one per message.
 * The price is a wider at-least-once window: a crash inside it leaves posted messages marked claimed.
 */
export class OutcomeRecorder {
  private pending: Outcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (outcomes: Outcome[]) => Promise<void>,
    private readonly onError: (error: unknown, outcomes: Outcome[]) => void,
    private readonly delayMs = 200,
    private readonly maxBatch = 100,
  ) {}

  add(outcome: Outcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes everything added so far; resolves when it is written (or its failure reported). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      // One more try after a short pause: an unrecorded outcome means a possible duplicate in 10 minutes.
      await this.write(batch)
        .catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
          await this.write(batch);
        })
        .catch((error: unknown) => this.onError(error, batch));
    });
    return this.writing;
  }
}
