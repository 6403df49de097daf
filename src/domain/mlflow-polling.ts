// When a linked MLflow experiment or registered model is polled again: at most every 15 minutes, whether the
// last poll succeeded or failed (a failing MLflow is retried on the same rhythm, never hammered).

export const MLFLOW_POLL_INTERVAL_MS = 15 * 60_000;

/** How far back the first poll of a newly linked source reads: the rules' window. */
export const MLFLOW_BACKFILL_MS = 28 * 86_400_000;

/**
 * How long a replica's claim on a source lasts before another may take it over: far beyond a poll's budget, so
 * only a replica that stopped mid-poll loses its claim, and its sources are polled again one lease later.
 */
export const MLFLOW_CLAIM_LEASE_SECONDS = 300;

/** The latest last-poll instant at which a source is due again at `now` (the database claims by it). */
export function mlflowDueBefore(now: Date): Date {
  return new Date(now.getTime() - MLFLOW_POLL_INTERVAL_MS);
}

/** Whether a source last polled at `lastPolledAt` (null: never) is due at `now`. */
export function isMlflowPollDue(lastPolledAt: Date | null, now: Date): boolean {
  return lastPolledAt === null || lastPolledAt <= mlflowDueBefore(now);
}
