/** Slack allows about one message per second per channel. */
export const CHANNEL_INTERVAL_MS = 1_000;

/** This many channels of one workspace rate limited at once means the limit is the workspace's own. */
export const WORKSPACE_LIMIT_CHANNELS = 3;

/**
 * When a message may next go to a channel: at least `intervalMs` after the previous one, and not before a
 * 429's Retry-After for that channel — or for its whole workspace, when several of its channels are refused
 * at once. Other channels and workspaces never wait for these. Kept by the scheduler across ticks, so
 * back-to-back ticks respect it too.
 */
export class ChannelPacer {
  private readonly nextSlot = new Map<string, number>();
  /** Until when a 429 holds a channel (by `teamId:channel`) or a whole workspace (by `teamId`). */
  private readonly holds = new Map<string, number>();

  constructor(
    readonly intervalMs = CHANNEL_INTERVAL_MS,
    readonly now: () => number = Date.now,
  ) {}

  /** The earliest instant (ms since the epoch) a message may go to `channel` of workspace `teamId`. */
  readyAt(teamId: string, channel: string): number {
    const key = `${teamId}:${channel}`;
    return Math.max(this.nextSlot.get(key) ?? 0, this.holds.get(key) ?? 0, this.holds.get(teamId) ?? 0);
  }

  /** Books the next message to `channel`: the one after it waits `intervalMs`. */
  book(teamId: string, channel: string): void {
    const now = this.now();
    // Entries in the past constrain nothing; dropping them keeps the maps as small as the busy channels.
    for (const map of [this.nextSlot, this.holds])
      if (map.size >= 1_000) for (const [key, until] of map) if (until <= now) map.delete(key);
    this.nextSlot.set(`${teamId}:${channel}`, Math.max(now, this.readyAt(teamId, channel)) + this.intervalMs);
  }

  /** Slack answered 429 for `channel`: nothing goes there for `retryAfterMs`. */
  rateLimited(teamId: string, channel: string, retryAfterMs: number): void {
    const until = this.now() + retryAfterMs;
    this.holds.set(`${teamId}:${channel}`, until);
    const held = [...this.holds].filter(([key, end]) => key.startsWith(`${teamId}:`) && end > this.now());
    if (held.length >= WORKSPACE_LIMIT_CHANNELS)
      this.holds.set(teamId, Math.max(this.holds.get(teamId) ?? 0, until));
  }
}
