// The Monday tick for every team at once, in a process of its own, against a fake Slack that answers
// at once: with pacing off (the tick's own work) and with the product's per-channel pacing.
import { join } from "node:path";
import type { FakeSlack, RecordedCall } from "../src/fake-slack/server.js";
import { TICK_CONCURRENCY } from "./apps.js";
import { runTaskProcess } from "./child.js";
import type { TickChildOptions, TickChildResult } from "./tick-child.js";

export interface PacingFigures {
  channels: number;
  maxPerChannel: number;
  /** Shortest gap between two messages to one channel; null when no channel got two. */
  minGapMs: number | null;
  /**
   * The least time one message a second per channel costs with `TICK_CONCURRENCY` channels served at a
   * time: every channel waits a second between its messages, and those waits are shared out over the
   * concurrent channels; never less than the busiest channel's own waits.
   */
  pacingBoundSeconds: number;
}

export interface TickRun extends TickChildResult {
  label: string;
  paced: boolean;
  /** Every node flag the tick's process ran with. */
  nodeFlags: string[];
  messages: number;
  pacing: PacingFigures;
}

export interface TickBench {
  at: string;
  instantNote: string;
  runs: TickRun[];
  notes: string[];
}

const CHANNEL_INTERVAL_S = 1;

export interface TickRunOptions {
  label: string;
  databaseUrl: string;
  slack: FakeSlack;
  at: Date;
  paced: boolean;
  /** Node flags for the tick's process: npm start's, or none. */
  nodeFlags?: readonly string[];
  logDir: string;
}

export async function measureTick(options: TickRunOptions): Promise<TickRun> {
  const { slack } = options;
  const first = slack.calls.length;
  const childOptions: TickChildOptions = {
    databaseUrl: options.databaseUrl,
    slackApiUrl: slack.apiUrl,
    at: options.at.toISOString(),
    paced: options.paced,
  };
  console.log(`  tick: ${options.label}…`);
  const flags = [...(options.nodeFlags ?? [])];
  const log = join(options.logDir, "tick.log");
  const result = await runTaskProcess<TickChildResult>("tick-child", childOptions, log, flags);
  const posts = slack.calls.slice(first).filter((c) => c.method === "chat.postMessage");
  return {
    label: options.label,
    paced: options.paced,
    nodeFlags: flags,
    ...result,
    messages: posts.length,
    pacing: pacingOf(posts),
  };
}

/** Messages per channel, how they were spaced, and what pacing alone must cost for them. */
export function pacingOf(posts: readonly RecordedCall[]): PacingFigures {
  const byChannel = new Map<string, number[]>();
  for (const post of posts) {
    const channel = String(post.args.channel);
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), post.at]);
  }
  const lanes = [...byChannel.values()];
  const gaps = lanes.flatMap((times) => times.slice(1).map((t, i) => t - (times[i] ?? t)));
  const maxPerChannel = Math.max(0, ...lanes.map((l) => l.length));
  const waits = posts.length - lanes.length;
  return {
    channels: lanes.length,
    maxPerChannel,
    minGapMs: gaps.length > 0 ? Math.min(...gaps) : null,
    pacingBoundSeconds: Math.max(maxPerChannel - 1, waits / TICK_CONCURRENCY) * CHANNEL_INTERVAL_S,
  };
}
