import type { Logger } from "../logger.js";
import type { DeliveryRun, LeftReason, MessageKind } from "./deliver.js";
import type { Skip } from "./units.js";

type Keyed<T = object> = Readonly<{ key: string } & T>;

export interface TickReport {
  readonly at: Date;
  readonly teams: number;
  readonly roundsClosed: number;
  /** Posted by this tick. */
  readonly sent: Readonly<Record<MessageKind, number>>;
  /** Found already posted in their channel's history (a process had stopped before writing that down). */
  readonly confirmed: number;
  readonly failed: readonly Keyed<{ error: string; transient: boolean }>[];
  /** Sent, and Slack never answered: checked against the channel's history once the lease runs out. */
  readonly noAnswer: readonly Keyed<{ error: string }>[];
  /** May have been posted; the history could not be read, so they are never posted again. */
  readonly uncertain: readonly Keyed<{ error: string }>[];
  /** Their outcome could not be written (the database went away); they stay claimed until checked. */
  readonly unrecorded: readonly Keyed<{ outcome: string }>[];
  /** Decisions this tick recorded not to post (stale, snoozed, not applicable, nothing to report). */
  readonly skipped: readonly Keyed<{ reason: string; stale: boolean }>[];
  /** Messages another process claimed first. */
  readonly lost: number;
  /** Workspaces whose data this tick deleted: uninstalled longer than UNINSTALL_RETENTION_DAYS ago. */
  readonly purged?: readonly string[];
  /** Claims given back unposted because the tick was stopping. */
  readonly released: number;
  /** Claims the tick could not give back: posted by a later tick once their lease runs out. */
  readonly held: number;
  /** Not tried in this tick, by reason; a later tick does them. */
  readonly left: Readonly<Record<LeftReason, number>>;
  /** Why the tick stopped early: a signal, or an outbox it could not write to. */
  readonly stoppedBy: DeliveryRun["stoppedBy"];
  readonly durationMs: number;
}

/** What a slice of a tick did; its durationMs is set by the tick. */
export function summarize(
  now: Date,
  teams: number,
  roundsClosed: number,
  run: DeliveryRun,
  skipped: readonly Skip[],
): TickReport {
  const sent: Record<MessageKind, number> = {
    prompt: 0,
    reminder: 0,
    team_digest: 0,
    nudge: 0,
    org_digest: 0,
  };
  const left: Record<LeftReason, number> = { ratelimited: 0, stopped: 0, database: 0 };
  const counts = { confirmed: 0, lost: 0, released: 0, held: 0 };
  const lists = {
    failed: [] as Keyed<{ error: string; transient: boolean }>[],
    noAnswer: [] as Keyed<{ error: string }>[],
    uncertain: [] as Keyed<{ error: string }>[],
    unrecorded: [] as Keyed<{ outcome: string }>[],
  };
  for (const r of run.results) {
    const key = r.unit.key;
    if (r.result === "sent" && r.confirmed) counts.confirmed++;
    else if (r.result === "sent") sent[r.unit.group]++;
    else if (r.result === "failed") lists.failed.push({ key, error: r.error, transient: r.transient });
    else if (r.result === "no_answer") lists.noAnswer.push({ key, error: r.error });
    else if (r.result === "uncertain") lists.uncertain.push({ key, error: r.error });
    else if (r.result === "unrecorded") lists.unrecorded.push({ key, outcome: r.outcome });
    else if (r.result === "left") left[r.reason]++;
    else counts[r.result]++;
  }
  return {
    at: now,
    teams,
    roundsClosed,
    sent,
    ...counts,
    ...lists,
    skipped: skipped.map((s) => ({ key: s.key, reason: s.reason, stale: s.stale === true })),
    left,
    stoppedBy: run.stoppedBy,
    durationMs: 0,
  };
}

/** One report for a tick worked in slices (chunks.ts): counts added up, lists joined, the first stop kept. */
export function mergeReports(a: TickReport, b: TickReport): TickReport {
  const add = <K extends string>(x: Readonly<Record<K, number>>, y: Readonly<Record<K, number>>) =>
    Object.fromEntries(Object.keys(x).map((k) => [k, x[k as K] + y[k as K]])) as Record<K, number>;
  return {
    at: a.at,
    teams: a.teams + b.teams,
    roundsClosed: a.roundsClosed + b.roundsClosed,
    sent: add(a.sent, b.sent),
    confirmed: a.confirmed + b.confirmed,
    failed: [...a.failed, ...b.failed],
    noAnswer: [...a.noAnswer, ...b.noAnswer],
    uncertain: [...a.uncertain, ...b.uncertain],
    unrecorded: [...a.unrecorded, ...b.unrecorded],
    skipped: [...a.skipped, ...b.skipped],
    lost: a.lost + b.lost,
    released: a.released + b.released,
    held: a.held + b.held,
    left: add(a.left, b.left),
    stoppedBy: a.stoppedBy ?? b.stoppedBy,
    durationMs: a.durationMs + b.durationMs,
  };
}

/** Messages the tick lost track of: posted or maybe posted, with nothing written down yet about it. */
export function uncertainCount(report: TickReport): number {
  return report.uncertain.length + report.noAnswer.length + report.unrecorded.length + report.held;
}

export function logReport(logger: Logger, report: TickReport): void {
  const posted = Object.values(report.sent).reduce((a, b) => a + b, 0);
  const troubled = report.failed.length + uncertainCount(report) > 0 || report.stoppedBy !== null;
  const busy = posted + report.confirmed + report.skipped.length + report.roundsClosed > 0;
  const fields = { ...report, skipped: report.skipped.length };
  if (troubled) logger.warn(fields, "tick finished with problems");
  else if (busy) logger.info(fields, "tick finished");
  else logger.debug(fields, "tick finished: nothing due");
}
