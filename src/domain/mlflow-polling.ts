// When a linked MLflow experiment or registered model is polled again: at most every 15 minutes, whether the
// last poll succeeded or failed (a failing MLflow is retried on the same rhythm, never hammered).

export const MLFLOW_POLL_INTERVAL_MS = 15 * 60_000;

/** How far back the first poll of a newly linked source reads: the rules' window. */
export const MLFLOW_BACKFILL_MS = 28 * 86_400_000;

/** Whether a source last polled at `lastPolledAt` (null: never) is due at `now`. */
export function isMlflowPollDue(lastPolledAt: Date | null, now: Date): boolean {
  return lastPolledAt === null || now.getTime() - lastPolledAt.getTime() >= MLFLOW_POLL_INTERVAL_MS;
}
