import { describe, expect, it } from "vitest";
import { describeTick } from "../src/cli-tick-report.js";
import type { TickReport } from "../src/scheduler/report.js";

function report(overrides: Partial<TickReport> = {}): TickReport {
  return {
    at: new Date("2026-03-26T10:00:00Z"),
    teams: 3,
    roundsClosed: 0,
    sent: { prompt: 1, reminder: 0, team_digest: 0, nudge: 0, org_digest: 0 },
    confirmed: 0,
    failed: [],
    inDoubt: [],
    uncertain: [],
    skipped: [],
    lost: 0,
    left: { ratelimited: 0, stopped: 0, database: 0 },
    stoppedBy: null,
    durationMs: 12,
    ...overrides,
  };
}

const staleReminders = Array.from({ length: 244 }, (_, i) => ({
  key: `reminder:1:2026-03-16:U${i}`,
  reason: "no tick ran on reminder day",
  stale: true,
}));

describe("describeTick", () => {
  it("says what the tick read from MLflow, and nothing when no source was due", () => {
    const mlflow = { polled: 3, stale: 1, stored: 12 };
    expect(describeTick(report({ mlflow }), { leaseSeconds: 120 })).toContain(
      "  MLflow: read 3 experiments and models, 1 of them unreachable (shown as stale); 12 signals stored",
    );
    expect(describeTick(report(), { leaseSeconds: 120 })).not.toContain("MLflow");
  });

  it("tells failures that a later tick retries from those it never will", () => {
    const text = describeTick(
      report({
        failed: [
          { key: "prompt:1:2026-03-23", error: "channel_not_found", transient: false },
          { key: "prompt:2:2026-03-23", error: "ratelimited", transient: true },
        ],
      }),
      { leaseSeconds: 120 },
    );
    expect(text).toContain("failed: 2");
    expect(text).toMatch(
      /not retried, the cause must be fixed .*: 1\n\s+prompt:1:2026-03-23: channel_not_found/,
    );
    expect(text).toMatch(/retried by a later tick .*: 1\n\s+prompt:2:2026-03-23: ratelimited/);
  });

  it("counts skipped messages per reason, and lists them only when asked", () => {
    const skipped = [
      ...staleReminders,
      { key: "nudge:regression:1:2026-03-16", reason: "not applicable this round", stale: false },
      {
        key: "nudge:siloed_roles:1:2026-03-16",
        reason: "snoozed until 2026-04-20T09:00:00.000Z",
        stale: false,
      },
      {
        key: "nudge:siloed_roles:2:2026-03-16",
        reason: "snoozed until 2026-05-04T09:00:00.000Z",
        stale: false,
      },
    ];
    const brief = describeTick(report({ skipped }), { leaseSeconds: 120 });
    expect(brief).toContain("skipped as too late (their period is over; never posted stale): 244");
    expect(brief).toContain("    no tick ran on reminder day: 244");
    expect(brief).toContain("  not posted by design: 3\n    not applicable this round: 1\n    snoozed: 2");
    expect(brief).not.toContain("reminder:1:2026-03-16:U0");
    expect(brief.split("\n").length).toBeLessThan(15);
    const verbose = describeTick(report({ skipped }), { leaseSeconds: 120, verbose: true });
    expect(verbose).toContain("      reminder:1:2026-03-16:U243");
    expect(verbose).toContain("      nudge:siloed_roles:2:2026-03-16");
  });

  it("counts the reminders that rode in another's direct message as one group", () => {
    const skipped = [2, 3].map((team) => ({
      key: `reminder:${team}:2026-03-23:UALICE`,
      reason: `sent in one message with reminder:${team === 2 ? 1 : 4}:2026-03-23:UALICE`,
      stale: false,
    }));
    const brief = describeTick(report({ skipped }), { leaseSeconds: 120 });
    expect(brief).toContain(
      "  not posted by design: 2\n    sent in one message with the person's other reminders: 2",
    );
  });

  it("says what may have gone out when the database went away, and that the tick stopped", () => {
    const text = describeTick(
      report({
        inDoubt: [
          { key: "prompt:1:2026-03-23", error: "not recorded (Slack's answer: sent)" },
          { key: "prompt:2:2026-03-23", error: "timed_out" },
        ],
        left: { ratelimited: 0, stopped: 0, database: 40 },
        stoppedBy: "database",
      }),
      { leaseSeconds: 120 },
    );
    expect(text).toContain(
      "in doubt: 2 (they may be in the channel: Slack gave no clear answer, or the database did not take it; once their claim's 120 s lease runs out",
    );
    expect(text).toContain("prompt:1:2026-03-23: not recorded (Slack's answer: sent)");
    expect(text).toContain("prompt:2:2026-03-23: timed_out");
    expect(text).toContain("left for a later tick: 40 (database unavailable: 40)");
    expect(text).toContain("Stopped early: the database could not be written");
    expect(text).toContain("2 messages are in doubt");
  });

  it("lists uncertain messages with why their history could not be read", () => {
    const text = describeTick(
      report({ uncertain: [{ key: "reminder:1:2026-03-23:UALICE", error: "history: missing_scope" }] }),
      { leaseSeconds: 120 },
    );
    expect(text).toContain("uncertain: 1 (they may have been posted");
    expect(text).toContain("reminder:1:2026-03-23:UALICE: history: missing_scope");
  });
});
