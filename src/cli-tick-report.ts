// What a tick did, in a few lines for a person at a terminal: counts first, keys when they matter (at most
// LISTED of each, every one with verbose).

import { inDoubtCount, type MessageKind, type TickReport } from "./scheduler/report.js";
import { sentWith } from "./scheduler/units.js";

export interface DescribeOptions {
  /** List every key, skipped ones too. */
  verbose?: boolean;
  /** DELIVERY_LEASE_SECONDS, to say when unanswered messages are checked. */
  leaseSeconds: number;
}

const LISTED = 20;

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

export function describeTick(report: TickReport, options: DescribeOptions): string {
  const posted = (Object.keys(NOUNS) as MessageKind[]).map((kind) => count(report.sent[kind], NOUNS[kind]));
  const lines = [
    `Tick at ${report.at.toISOString()} (${count(report.teams, ["team", "teams"])}, ${report.durationMs} ms)`,
    `  posted: ${posted.join(", ")}`,
    `  rounds closed: ${report.roundsClosed}`,
  ];
  const list = (items: readonly { key: string; text: string }[], indent = "    ") => {
    const shown = options.verbose ? items : items.slice(0, LISTED);
    for (const item of shown) lines.push(`${indent}${item.key}: ${item.text}`);
    if (shown.length < items.length)
      lines.push(`${indent}…and ${items.length - shown.length} more (--verbose lists them all)`);
  };
  if (report.confirmed > 0) {
    lines.push(`  found already posted in the channel's history, now recorded as sent: ${report.confirmed}`);
  }
  describeFailures(report, lines, list);
  describeUnknown(report, options, lines, list);
  describeLeft(report, lines);
  describeSkipped(report, options, lines);
  if (report.lost > 0) lines.push(`  already handled by another process: ${report.lost}`);
  if (report.mlflow) {
    const { polled, stale, stored } = report.mlflow;
    const unread = stale > 0 ? `, ${stale} of them unreachable (shown as stale)` : "";
    lines.push(
      `  MLflow: read ${count(polled, ["experiment or model", "experiments and models"])}${unread}; ${count(stored, ["signal", "signals"])} stored`,
    );
  }
  if (report.purged && report.purged.length > 0) {
    lines.push(
      `  purged the data of ${count(report.purged.length, ["workspace", "workspaces"])} uninstalled longer than the retention: ${report.purged.join(", ")}`,
    );
  }
  if (report.stoppedBy === "database") {
    lines.push(
      `Stopped early: the database could not be written, so nothing more was claimed or posted; ${inDoubtCount(report)} messages are in doubt (above). Run tick again once the database is back.`,
    );
  } else if (report.stoppedBy === "signal") {
    lines.push(
      `Stopped early on request: posts in flight were finished and recorded, the rest left for the next tick; ${inDoubtCount(report)} messages are in doubt (above).`,
    );
  }
  return lines.join("\n");
}

type Lister = (items: readonly { key: string; text: string }[], indent?: string) => void;

function describeFailures(report: TickReport, lines: string[], list: Lister): void {
  if (report.failed.length === 0) return;
  const transient = report.failed.filter((f) => f.transient);
  const permanent = report.failed.filter((f) => !f.transient);
  lines.push(`  failed: ${report.failed.length}`);
  if (permanent.length > 0) {
    lines.push(
      `    not retried, the cause must be fixed (invite the bot to the channel, unarchive it, or set the team up elsewhere): ${permanent.length}`,
    );
    list(
      permanent.map((f) => ({ key: f.key, text: f.error })),
      "      ",
    );
  }
  if (transient.length > 0) {
    lines.push(
      `    retried by a later tick while the round lasts (rate limits, Slack or network trouble): ${transient.length}`,
    );
    list(
      transient.map((f) => ({ key: f.key, text: f.error })),
      "      ",
    );
  }
}

function describeUnknown(report: TickReport, options: DescribeOptions, lines: string[], list: Lister): void {
  if (report.inDoubt.length > 0) {
    lines.push(
      `  in doubt: ${report.inDoubt.length} (they may be in the channel: Slack gave no clear answer, or the database did not take it; once their claim's ${options.leaseSeconds} s lease runs out, a tick looks in the channel's history before posting anything again)`,
    );
    list(report.inDoubt.map((u) => ({ key: u.key, text: u.error })));
  }
  if (report.uncertain.length > 0) {
    lines.push(
      `  uncertain: ${report.uncertain.length} (they may have been posted, and the channel's history could not be read, so they are never posted again; see deliveries where status = 'uncertain')`,
    );
    list(report.uncertain.map((u) => ({ key: u.key, text: u.error })));
  }
}

function describeLeft(report: TickReport, lines: string[]): void {
  const { ratelimited, stopped, database } = report.left;
  const parts = [
    ratelimited > 0 ? `their channel is rate limited: ${ratelimited}` : "",
    stopped > 0 ? `stopping: ${stopped}` : "",
    database > 0 ? `database unavailable: ${database}` : "",
  ].filter(Boolean);
  if (parts.length > 0)
    lines.push(`  left for a later tick: ${ratelimited + stopped + database} (${parts.join("; ")})`);
}

function describeSkipped(report: TickReport, options: DescribeOptions, lines: string[]): void {
  const stale = report.skipped.filter((s) => s.stale);
  const decided = report.skipped.filter((s) => !s.stale);
  const section = (title: string, items: typeof report.skipped) => {
    if (items.length === 0) return;
    lines.push(`  ${title}: ${items.length}`);
    for (const [reason, keys] of byReason(items)) {
      lines.push(`    ${reason}: ${keys.length}`);
      if (options.verbose) for (const key of keys) lines.push(`      ${key}`);
    }
  };
  section("skipped as too late (their period is over; never posted stale)", stale);
  section("not posted by design", decided);
}

function byReason(items: TickReport["skipped"]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { key, reason } of items) {
    // "snoozed until 2026-04-20T09:00:00.000Z": one group for every snooze, whatever its end.
    // "sent in one message with reminder:…": one group for every reminder that rode in another's DM.
    const group = sentWith(reason)
      ? "sent in one message with the person's other reminders"
      : reason.replace(/ until \S+$/, "");
    groups.set(group, [...(groups.get(group) ?? []), key]);
  }
  return groups;
}
