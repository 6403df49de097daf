// How evidence reads to a person: counts with their noun, and "2 h ago" style ages. Pure (now is given).
import type { EvidenceSignal } from "./evidence-signal.js";

/** How far back evidence looks. */
export const EVIDENCE_WINDOW_DAYS = 28;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "2 h ago", "3 d ago"; an instant in the future reads as "just now". */
export function ago(then: Date, now: Date): string {
  const ms = now.getTime() - then.getTime();
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  return `${Math.floor(ms / DAY)} d ago`;
}

/** "1 workflow run", "42 workflow runs". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The most recent of some signals (the caller never passes none). */
export function latest(signals: readonly EvidenceSignal[]): EvidenceSignal {
  let best = signals[0] as EvidenceSignal;
  for (const s of signals) if (s.occurredAt > best.occurredAt) best = s;
  return best;
}

/** Where signals come from, for the end of a fact: "in acme/web", or "in 3 repositories". */
export function where(signals: readonly EvidenceSignal[], plural: string): string {
  const subjects = [...new Set(signals.map((s) => s.subject))];
  return subjects.length === 1 ? `in ${subjects[0]}` : `in ${subjects.length} ${plural}`;
}

/** "42 workflow runs on push or pull_request in 28 days, last 2 h ago (in acme/web)". */
export function recentFacts(
  signals: readonly EvidenceSignal[],
  what: string,
  now: Date,
  plural = "repositories",
): string {
  return `${what} in ${EVIDENCE_WINDOW_DAYS} days, last ${ago(latest(signals).occurredAt, now)} (${where(signals, plural)})`;
}
