// Uploads wait their turn in a bounded lane per workspace, on a client that hands a 429 back at once: a
// rate-limited upload then waits out Retry-After in its own lane instead of pausing the client every other call
// of the workspace goes through (issue 22: 250 exports held another person's views.open for 58 s, past a
// trigger's 3 s life). What is still waiting at shutdown is handed back to its person, never dropped silently.
import { randomBytes } from "node:crypto";
import type { Logger } from "../logger.js";
import { classifyCallFailure } from "./api/errors.js";

/** Why a queued upload will not run: the bot is stopping, or Slack kept refusing the workspace's uploads. */
export type HandBackReason = "stopping" | "rate_limited";

export interface QueuedUpload {
  /** Who asked: one queued or running upload per person per workspace. */
  readonly person: string;
  /**
   * Carries the upload out, its database work within `databaseBudgetMs` from now; throws what the Web API
   * client throws (a 429 as a rate-limited error).
   */
  run(databaseBudgetMs: number): Promise<void>;
  /** Tells the person it did not run and to ask again. */
  handBack(reason: HandBackReason): Promise<void>;
  /** Tells the person it failed; `refId` is in the log line. */
  failed(error: unknown, refId: string): Promise<void>;
}

export type Admission =
  | { readonly kind: "started" }
  | { readonly kind: "queued"; readonly ahead: number }
  /** The person already has one queued or running. */
  | { readonly kind: "already" }
  | { readonly kind: "full"; readonly limit: number }
  | { readonly kind: "stopping" };

export interface UploadQueueOptions {
  readonly logger: Logger;
  /** Uploads of one workspace in flight at once. */
  readonly concurrency?: number;
  /** Uploads of one workspace waiting at most; more are refused. */
  readonly capacity?: number;
  /** How long an upload may keep meeting 429s, from when it was queued, before it is handed back. */
  readonly maxRateLimitedMs?: number;
  readonly now?: () => number;
}

// Slack's upload methods are Tier 4 per workspace: a few at once keep a lane moving without inviting 429s.
export const UPLOAD_CONCURRENCY = 2;
// Enough for every admin of a large workspace exporting at once; each waits for its turn, not for a timeout.
export const UPLOAD_QUEUE_CAPACITY = 25;
// A response_url (how a handed-back person is told) lives 30 minutes.
const MAX_RATE_LIMITED_MS = 15 * 60_000;
// A 429 whose Retry-After is missing: wait this long, as the scheduler does.
const DEFAULT_RETRY_AFTER_MS = 30_000;
// An upload builds its file when its turn comes, long after the request's own database budget ran out: each
// attempt has a budget of its own, as long as a workspace's whole history may take to read.
const ATTEMPT_DATABASE_BUDGET_MS = 30_000;
// Each message to a person at shutdown gets this long, so a slow response_url cannot hold the exit.
const TELL_TIMEOUT_MS = 2_000;

interface Entry {
  readonly job: QueuedUpload;
  readonly since: number;
  /** Told it did not run (shutdown), or finished: nothing more goes to the person. */
  settled: boolean;
  attempt?: Promise<void>;
}

interface Lane {
  readonly waiting: Entry[];
  readonly running: Set<Entry>;
  /** No upload of the workspace starts before this instant (Slack's Retry-After). */
  pausedUntil: number;
  timer?: NodeJS.Timeout;
}

export class UploadQueue {
  private readonly lanes = new Map<string, Lane>();
  private stopping = false;
  private readonly concurrency: number;
  private readonly capacity: number;
  private readonly maxRateLimitedMs: number;
  private readonly now: () => number;

  constructor(private readonly options: UploadQueueOptions) {
    this.concurrency = options.concurrency ?? UPLOAD_CONCURRENCY;
    this.capacity = options.capacity ?? UPLOAD_QUEUE_CAPACITY;
    this.maxRateLimitedMs = options.maxRateLimitedMs ?? MAX_RATE_LIMITED_MS;
    this.now = options.now ?? Date.now;
  }

  add(workspace: string, job: QueuedUpload): Admission {
    if (this.stopping) return { kind: "stopping" };
    const lane = this.laneOf(workspace);
    const mine = (e: Entry) => e.job.person === job.person;
    if (lane.waiting.some(mine) || [...lane.running].some(mine)) return { kind: "already" };
    if (lane.waiting.length >= this.capacity) return { kind: "full", limit: this.capacity };
    const entry: Entry = { job, since: this.now(), settled: false };
    lane.waiting.push(entry);
    this.pump(workspace, lane);
    const ahead = lane.waiting.indexOf(entry);
    return ahead < 0 ? { kind: "started" } : { kind: "queued", ahead: ahead + lane.running.size };
  }

  /**
   * Takes nothing more; tells every waiting person at once, gives running uploads up to `graceMs` to finish,
   * and tells those still running then too. Resolves once everyone has been told (or their telling timed out).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const waiting: Entry[] = [];
    const running: Entry[] = [];
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      waiting.push(...lane.waiting.splice(0));
      running.push(...lane.running);
    }
    const told = waiting.map((e) => this.handBack(e, "stopping"));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(running.map((e) => e.attempt)), grace]);
    clearTimeout(timer);
    told.push(...running.map((e) => this.handBack(e, "stopping")));
    await Promise.all(told);
  }

  private laneOf(workspace: string): Lane {
    let lane = this.lanes.get(workspace);
    if (!lane) {
      lane = { waiting: [], running: new Set(), pausedUntil: 0 };
      this.lanes.set(workspace, lane);
    }
    return lane;
  }

  private pump(workspace: string, lane: Lane): void {
    if (this.stopping) return;
    const pause = lane.pausedUntil - this.now();
    if (pause > 0) {
      lane.timer ??= setTimeout(() => {
        lane.timer = undefined;
        this.pump(workspace, lane);
      }, pause);
      return;
    }
    while (lane.running.size < this.concurrency) {
      const entry = lane.waiting.shift();
      if (!entry) break;
      lane.running.add(entry);
      entry.attempt = this.attempt(workspace, lane, entry);
    }
    if (lane.running.size === 0 && lane.waiting.length === 0) this.lanes.delete(workspace);
  }

  private async attempt(workspace: string, lane: Lane, entry: Entry): Promise<void> {
    try {
      await entry.job.run(ATTEMPT_DATABASE_BUDGET_MS);
      entry.settled = true;
    } catch (error) {
      if (!entry.settled) await this.afterFailure(workspace, lane, entry, error);
    } finally {
      lane.running.delete(entry);
      this.pump(workspace, lane);
    }
  }

  private async afterFailure(workspace: string, lane: Lane, entry: Entry, error: unknown): Promise<void> {
    const { logger } = this.options;
    const failure = classifyCallFailure(error);
    if (failure.code === "ratelimited" && !this.stopping) {
      const retryAt = this.now() + (failure.retryAfterMs || DEFAULT_RETRY_AFTER_MS);
      if (retryAt - entry.since <= this.maxRateLimitedMs) {
        // The whole lane waits: Slack limits the method for the workspace, not for this one upload.
        lane.pausedUntil = Math.max(lane.pausedUntil, retryAt);
        lane.waiting.unshift(entry);
        logger.warn({ workspace, retryAfterMs: retryAt - this.now() }, "Slack rate limit: uploads wait");
        return;
      }
      logger.warn({ workspace }, "Slack kept refusing uploads: the export is handed back");
      return this.handBack(entry, "rate_limited");
    }
    if (this.stopping) return this.handBack(entry, "stopping");
    entry.settled = true;
    const refId = randomBytes(4).toString("hex");
    logger.error({ err: error, workspace, refId }, "queued upload failed");
    await within(entry.job.failed(error, refId), logger);
  }

  private async handBack(entry: Entry, reason: HandBackReason): Promise<void> {
    if (entry.settled) return;
    entry.settled = true;
    await within(entry.job.handBack(reason), this.options.logger);
  }
}

/** Telling a person must neither throw into the queue nor hold a shutdown past TELL_TIMEOUT_MS. */
async function within(telling: Promise<void>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, TELL_TIMEOUT_MS);
  });
  try {
    await Promise.race([telling, timeout]);
  } catch (err) {
    logger.warn({ err }, "could not tell a person about their queued upload");
  } finally {
    clearTimeout(timer);
  }
}
