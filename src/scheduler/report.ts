import type { Logger } from "../logger.js";
import type { MessageKind, UnitResult } from "./deliver.js";
import type { Skip } from "./units.js";

export interface TickReport {
  readonly at: Date;
  readonly teams: number;
  readonly roundsClosed: number;
  readonly sent: Readonly<Record<MessageKind, number>>;
  readonly failed: readonly { key: string; error: string }[];
  /** Decisions this tick recorded not to post (stale, snoozed, not applicable, nothing to report). */
  readonly skipped: readonly { key: string; reason: string; stale: boolean }[];
  /** Messages another process claimed first. */
  readonly lost: number;
  /** Claims given back because the tick was asked to stop. */
  readonly released: number;
  readonly durationMs: number;
}

const NOUNS: Readonly<Record<MessageKind, [string, string]>> = {
  prompt: ["prompt", "prompts"],
  reminder: ["reminder", "reminders"],
  team_digest: ["team digest", "team digests"],
  nudge: ["nudge", "nudges"],
  org_digest: ["org digest", "org digests"],
};

function count(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a tick did, in a few lines for a person at a terminal. */
export function describeTick(report: TickReport): string {
  const posted = (Object.keys(NOUNS) as MessageKind[]).map((kind) => count(report.sent[kind], NOUNS[kind]));
  const lines = [
    `Tick at ${report.at.toISOString()} (${count(report.teams, ["team", "teams"])}, ${report.durationMs} ms)`,
    `  posted: ${posted.join(", ")}`,
    `  rounds closed: ${report.roundsClosed}`,
  ];
  if (report.failed.length > 0) {
    lines.push(`  failed: ${report.failed.length} (recorded; transient errors are retried by a later tick)`);
    for (const f of report.failed.slice(0, 20)) lines.push(`    ${f.key}: ${f.error}`);
    if (report.failed.length > 20) lines.push(`    …and ${report.failed.length - 20} more`);
  }
  const stale = report.skipped.filter((s) => s.stale);
  if (stale.length > 0) {
    lines.push(`  skipped as too late: ${stale.length} (their period is over; never posted stale)`);
    for (const s of stale.slice(0, 20)) lines.push(`    ${s.key}: ${s.reason}`);
  }
  const decided = report.skipped.length - stale.length;
  if (decided > 0)
    lines.push(`  not posted by design: ${decided} (snoozed, not applicable or nothing to report)`);
  if (report.lost > 0) lines.push(`  already handled by another process: ${report.lost}`);
  if (report.released > 0) lines.push(`  given back unposted (stopping): ${report.released}`);
  return lines.join("\n");
}

export function summarize(
  now: Date,
  teams: number,
  roundsClosed: number,
  results: readonly UnitResult[],
  skipped: readonly Skip[],
  durationMs: number,
): TickReport {
  const sent: Record<MessageKind, number> = {
    prompt: 0,
    reminder: 0,
    team_digest: 0,
    nudge: 0,
    org_digest: 0,
  };
  const failed: { key: string; error: string }[] = [];
  let lost = 0;
  let released = 0;
  for (const r of results) {
    if (r.result === "sent") sent[r.unit.group]++;
    else if (r.result === "failed") failed.push({ key: r.unit.key, error: r.error });
    else if (r.result === "lost") lost++;
    else released++;
  }
  return {
    at: now,
    teams,
    roundsClosed,
    sent,
    failed,
    skipped: skipped.map((s) => ({ key: s.key, reason: s.reason, stale: s.stale === true })),
    lost,
    released,
    durationMs: Math.round(durationMs),
  };
}

export function logReport(logger: Logger, report: TickReport): void {
  const posted = Object.values(report.sent).reduce((a, b) => a + b, 0);
  const busy = posted + report.failed.length + report.skipped.length + report.roundsClosed > 0;
  const fields = { ...report, skipped: report.skipped.length };
  if (report.failed.length > 0) logger.warn(fields, "tick finished with failures");
  else if (busy) logger.info(fields, "tick finished");
  else logger.debug(fields, "tick finished: nothing due");
}
