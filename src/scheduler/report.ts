// What a tick did to each message, counted for the log and for cli-tick-report.ts.
import type { Logger } from "../logger.js";
import type { MlflowPollSummary } from "../services/mlflow-poll.js";
import type { DeliveryRun, LeftReason, UnitResult } from "./deliver.js";
import type { Skip } from "./units.js";

export type MessageKind = "prompt" | "reminder" | "team_digest" | "nudge" | "org_digest";

type Keyed<T> = { key: string } & T;

/** Filled in slice by slice while the tick runs; read-only once it returns. */
export interface TickReport {
  at: Date;
  teams: number;
  roundsClosed: number;
  /** Posted by this tick. */
  sent: Record<MessageKind, number>;
  /** Found already posted in their channel's history (a process had stopped before writing that down). */
  confirmed: number;
  failed: Keyed<{ error: string; transient: boolean }>[];
  /** May be in the channel: they stay claimed, and are looked for in its history once the lease runs out. */
  inDoubt: Keyed<{ error: string }>[];
  /** May have been posted; the history could not be read, so they are never posted again. */
  uncertain: Keyed<{ error: string }>[];
  /** Decisions this tick recorded not to post (stale, snoozed, not applicable, nothing to report). */
  skipped: Keyed<{ reason: string; stale: boolean }>[];
  /** Messages another process claimed first. */
  lost: number;
  /** Not posted in this tick, by reason, any claim given back; a later tick does them. */
  left: Record<LeftReason, number>;
  /** Workspaces whose data this tick deleted: uninstalled longer than UNINSTALL_RETENTION_DAYS ago. */
  purged?: readonly string[];
  /** The MLflow experiments and models this tick read (none due: absent), after its Slack work. */
  mlflow?: MlflowPollSummary;
  /** Why the tick stopped early: a signal, or an outbox it could not write to. */
  stoppedBy: DeliveryRun["stoppedBy"];
  durationMs: number;
}

export function emptyReport(at: Date): TickReport {
  const counts = { teams: 0, roundsClosed: 0, confirmed: 0, lost: 0, durationMs: 0 };
  const sent = { prompt: 0, reminder: 0, team_digest: 0, nudge: 0, org_digest: 0 };
  const left = { ratelimited: 0, stopped: 0, database: 0 };
  return { at, ...counts, sent, left, failed: [], inDoubt: [], uncertain: [], skipped: [], stoppedBy: null };
}

/** Adds one slice of the tick (chunks.ts) to `report`: what became of its messages, and its skips. */
export function addSlice(
  report: TickReport,
  slice: { teams: number; roundsClosed: number; run: DeliveryRun; skipped: readonly Skip[] },
): void {
  report.teams += slice.teams;
  report.roundsClosed += slice.roundsClosed;
  report.stoppedBy ??= slice.run.stoppedBy;
  for (const r of slice.run.results) {
    const key = r.unit.key;
    if (r.result === "sent" && r.confirmed) report.confirmed++;
    else if (r.result === "sent") report.sent[kindOf(r)]++;
    else if (r.result === "failed") report.failed.push({ key, error: r.error, transient: r.transient });
    else if (r.result === "in_doubt") report.inDoubt.push({ key, error: r.error });
    else if (r.result === "uncertain") report.uncertain.push({ key, error: r.error });
    else if (r.result === "left") report.left[r.reason]++;
    else report.lost++;
  }
  for (const { key, reason, stale } of slice.skipped)
    report.skipped.push({ key, reason, stale: stale === true });
}

/** A nudge's kind is "nudge:<which>"; every other kind is its own. */
function kindOf({ unit }: UnitResult): MessageKind {
  return (unit.kind.startsWith("nudge:") ? "nudge" : unit.kind) as MessageKind;
}

/** Messages that may or may not be in Slack: in doubt until a tick reads the history, or uncertain for good. */
export function inDoubtCount(report: TickReport): number {
  return report.inDoubt.length + report.uncertain.length;
}

export function logReport(logger: Logger, report: TickReport): void {
  const posted = Object.values(report.sent).reduce((a, b) => a + b, 0);
  const troubled = report.failed.length + inDoubtCount(report) > 0 || report.stoppedBy !== null;
  const busy = posted + report.confirmed + report.skipped.length + report.roundsClosed > 0;
  const fields = { ...report, skipped: report.skipped.length };
  if (troubled) logger.warn(fields, "tick finished with problems");
  else if (busy) logger.info(fields, "tick finished");
  else logger.debug(fields, "tick finished: nothing due");
}
