/** Waits `ms` milliseconds; replaceable in tests. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Slack allows about one message per second per channel. */
export const CHANNEL_INTERVAL_MS = 1_000;

/**
 * Spaces messages to the same channel at least `intervalMs` apart; different channels do not wait for
 * each other. Kept by the scheduler across ticks, so back-to-back ticks respect it too.
 */
export class ChannelPacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    readonly intervalMs = CHANNEL_INTERVAL_MS,
    private readonly sleep: Sleep = realSleep,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Resolves when a message may go to `channel`, and books that moment. */
  async wait(channel: string): Promise<void> {
    const now = this.clock();
    this.forgetOld(now);
    const slot = Math.max(now, this.nextSlot.get(channel) ?? now);
    this.nextSlot.set(channel, slot + this.intervalMs);
    if (slot > now) await this.sleep(slot - now);
  }

  // Entries in the past constrain nothing; dropping them keeps the map as small as the busy channels.
  private forgetOld(now: number): void {
    if (this.nextSlot.size < 1_000) return;
    for (const [channel, slot] of this.nextSlot) if (slot <= now) this.nextSlot.delete(channel);
  }
}
