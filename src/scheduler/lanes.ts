// Hands out channels ("lanes") to the workers that post to them: one worker per lane at a time, so a
// channel's messages keep their order, and always a lane that may be posted to now, so a channel that
// must wait (its one message a second, a 429) never holds up the others.
import type { ChannelPacer } from "./pacer.js";

export interface LaneAddress {
  readonly teamId: string;
  readonly channel: string;
}

export class LaneQueue<L extends LaneAddress> {
  private readonly idle: L[];
  private busy = 0;
  private wake: (() => void) | undefined;
  private wakeup: Promise<void> | undefined;
  /** Lanes that would have had to wait longer than the patience: left for a later tick. */
  readonly deferred: L[] = [];

  constructor(
    lanes: readonly L[],
    private readonly pacer: ChannelPacer,
    private readonly patienceMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.idle = [...lanes];
    signal?.addEventListener("abort", () => this.notify(), { once: true });
  }

  /** A lane that may be posted to now, after waiting for one if need be; null when there is nothing left. */
  async take(): Promise<L | null> {
    for (;;) {
      if (this.signal?.aborted) return null;
      const now = this.pacer.now();
      let earliest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.idle.length; i++) {
        const lane = this.idle[i] as L;
        const ready = this.pacer.readyAt(lane.teamId, lane.channel);
        if (ready <= now) {
          this.idle.splice(i, 1);
          this.busy++;
          return lane;
        }
        if (ready - now > this.patienceMs) {
          this.deferred.push(lane);
          this.idle.splice(i--, 1);
        } else earliest = Math.min(earliest, ready);
      }
      if (this.idle.length === 0 && this.busy === 0) return null;
      await this.changed(earliest - now);
    }
  }

  /** The worker is done with this lane for now; it goes to the back of the queue. */
  giveBack(lane: L): void {
    this.busy--;
    this.idle.push(lane);
    this.notify();
  }

  /** The worker finished this lane. */
  finish(): void {
    this.busy--;
    this.notify();
  }

  /** Lanes nobody took: what is left when the queue was stopped. */
  remaining(): readonly L[] {
    return this.idle;
  }

  private changed(waitMs: number): Promise<void> {
    this.wakeup ??= new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    if (!Number.isFinite(waitMs)) return this.wakeup;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(1, waitMs));
    });
    return Promise.race([this.wakeup, timeout]).finally(() => clearTimeout(timer));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    this.wakeup = undefined;
    wake?.();
  }
}
