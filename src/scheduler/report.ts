// What a tick did to each message, counted for the log and for cli-tick-report.ts.
import type { Logger } from "../logger.js";
import type { DeliveryRun, LeftReason, UnitResult } from "./deliver.js";
import type { Skip } from "./units.js";

export type MessageKind = "prompt" | "reminder" | "team_digest" | "nudge" | "org_digest";

type Keyed<T> = Readonly<{ key: string } & T>;

export interface TickReport {
  readonly at: Date;
  readonly teams: number;
  readonly roundsClosed: number;
  /** Posted by this tick. */
  readonly sent: Readonly<Record<MessageKind, number>>;
  /** Found already posted in their channel's history (a process had stopped before writing that down). */
  readonly confirmed: number;
  readonly failed: readonly Keyed<{ error: string; transient: boolean }>[];
  /** May be in the channel: they stay claimed, and are looked for in its history once the lease runs out. */
  readonly inDoubt: readonly Keyed<{ error: string }>[];
  /** May have been posted; the history could not be read, so they are never posted again. */
  readonly uncertain: readonly Keyed<{ error: string }>[];
  /** Decisions this tick recorded not to post (stale, snoozed, not applicable, nothing to report). */
  readonly skipped: readonly Keyed<{ reason: string; stale: boolean }>[];
  /** Messages another process claimed first. */
  readonly lost: number;
  /** Not posted in this tick, by reason, any claim given back; a later tick does them. */
  readonly left: Readonly<Record<LeftReason, number>>;
  /** Workspaces whose data this tick deleted: uninstalled longer than UNINSTALL_RETENTION_DAYS ago. */
  readonly purged?: readonly string[];
  /** Why the tick stopped early: a signal, or an outbox it could not write to. */
  readonly stoppedBy: DeliveryRun["stoppedBy"];
  readonly durationMs: number;
}

export function emptyReport(at: Date): TickReport {
  const sent = { prompt: 0, reminder: 0, team_digest: 0, nudge: 0, org_digest: 0 };
  const left = { ratelimited: 0, stopped: 0, database: 0 };
  const lists = { failed: [], inDoubt: [], uncertain: [], skipped: [] };
  return {
    at,
    teams: 0,
    roundsClosed: 0,
    sent,
    confirmed: 0,
    lost: 0,
    left,
    ...lists,
    stoppedBy: null,
    durationMs: 0,
  };
}

/** One slice of the tick (chunks.ts) added to `report`: what became of its messages, and its skips. */
export function addSlice(
  report: TickReport,
  slice: { teams: number; roundsClosed: number; run: DeliveryRun; skipped: readonly Skip[] },
): TickReport {
  const sent = { ...report.sent };
  const left = { ...report.left };
  const [failed, inDoubt, uncertain] = [[...report.failed], [...report.inDoubt], [...report.uncertain]];
  let { confirmed, lost } = report;
  for (const r of slice.run.results) {
    const key = r.unit.key;
    if (r.result === "sent" && r.confirmed) confirmed++;
    else if (r.result === "sent") sent[kindOf(r)]++;
    else if (r.result === "failed") failed.push({ key, error: r.error, transient: r.transient });
    else if (r.result === "in_doubt") inDoubt.push({ key, error: r.error });
    else if (r.result === "uncertain") uncertain.push({ key, error: r.error });
    else if (r.result === "left") left[r.reason]++;
    else lost++;
  }
  const skipped = slice.skipped.map((s) => ({ key: s.key, reason: s.reason, stale: s.stale === true }));
  return {
    ...report,
    teams: report.teams + slice.teams,
    roundsClosed: report.roundsClosed + slice.roundsClosed,
    sent,
    confirmed,
    failed,
    inDoubt,
    uncertain,
    skipped: [...report.skipped, ...skipped],
    lost,
    left,
    stoppedBy: report.stoppedBy ?? slice.run.stoppedBy,
  };
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
