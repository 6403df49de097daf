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
  private readonly channelHolds = new Map<string, { teamId: string; until: number }>();
  private readonly workspaceHolds = new Map<string, number>();

  constructor(
    readonly intervalMs = CHANNEL_INTERVAL_MS,
    readonly now: () => number = Date.now,
  ) {}

  /** The earliest instant (ms since the epoch) a message may go to `channel` of workspace `teamId`. */
  readyAt(teamId: string, channel: string): number {
    const key = laneKey(teamId, channel);
    return Math.max(
      this.nextSlot.get(key) ?? 0,
      this.channelHolds.get(key)?.until ?? 0,
      this.workspaceHolds.get(teamId) ?? 0,
    );
  }

  /** Books the next message to `channel`: the one after it waits `intervalMs`. */
  book(teamId: string, channel: string): void {
    const now = this.now();
    this.forgetOld(now);
    const key = laneKey(teamId, channel);
    this.nextSlot.set(key, Math.max(now, this.readyAt(teamId, channel)) + this.intervalMs);
  }

  /** Slack answered 429 for `channel`: nothing goes there for `retryAfterMs`. */
  rateLimited(teamId: string, channel: string, retryAfterMs: number): void {
    const now = this.now();
    const until = now + retryAfterMs;
    this.channelHolds.set(laneKey(teamId, channel), { teamId, until });
    const held = [...this.channelHolds.values()].filter((h) => h.teamId === teamId && h.until > now);
    if (held.length >= WORKSPACE_LIMIT_CHANNELS) {
      this.workspaceHolds.set(teamId, Math.max(this.workspaceHolds.get(teamId) ?? 0, until));
    }
  }

  // Entries in the past constrain nothing; dropping them keeps the maps as small as the busy channels.
  private forgetOld(now: number): void {
    if (this.nextSlot.size >= 1_000) {
      for (const [key, slot] of this.nextSlot) if (slot <= now) this.nextSlot.delete(key);
    }
    for (const [key, hold] of this.channelHolds) if (hold.until <= now) this.channelHolds.delete(key);
    for (const [teamId, until] of this.workspaceHolds) if (until <= now) this.workspaceHolds.delete(teamId);
  }
}

function laneKey(teamId: string, channel: string): string {
  return `${teamId}:${channel}`;
}
