import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE, roundEndOf } from "../../src/domain/calendar.js";
import { roundNudges } from "../../src/domain/digest.js";
import {
  countedHistory,
  historyEvidence,
  roundEvidence,
  verdictsOver,
} from "../../src/domain/evidence-rounds.js";
import { closedRound } from "../support/rounds.js";
import { links, signal } from "../support/signals.js";

describe("judging closed rounds by their evidence", () => {
  it("marks a practice said not in place that evidence supported, and judges no round before a link", () => {
    // MLflow runs from 2 to 20 Mar; the experiment was linked on 10 Mar. The team says it does not track experiments.
    const runs = ["2026-03-02", "2026-03-20"].map((day) =>
      signal("mlflow_run", { sourceType: "LOCAL", status: "FINISHED" }, { at: `${day}T10:00:00Z` }),
    );
    const linked = new Date("2026-03-10T00:00:00Z");
    const verdictsAt = verdictsOver(runs, (at) =>
      links({ repositories: [], experiments: at >= linked ? [{ name: "churn", polledAt: null }] : [] }),
    );
    const rounds = ["2026-03-16", "2026-03-02"].map((period) => closedRound(period, 1));
    const ends = { "2026-03-16": "2026-03-23T00:00:00Z", "2026-03-02": "2026-03-09T00:00:00Z" };
    const judged = historyEvidence(rounds, (r) => verdictsAt(new Date(ends[r.period as keyof typeof ends])));
    expect(judged?.judged).toBe(1);
    expect(judged?.disagreed).toMatchObject([
      {
        period: "2026-03-16",
        practices: [
          { criterion: "experiment_tracking", saidInPlace: false, evidence: { verdict: "supports" } },
        ],
      },
    ]);
  });

  it("ends a round where its schedule ends it, and when it was closed once the schedule no longer has it", () => {
    const utc = { ...DEFAULT_SCHEDULE, timeZone: "UTC" };
    const closed = new Date("2026-03-30T00:01:00Z");
    expect(roundEndOf(utc, "2026-03-23", closed)).toEqual(new Date("2026-03-30T00:00:00Z"));
    // A weekly round of a team that went monthly since: no round of that schedule starts on 23 Mar.
    expect(roundEndOf({ ...utc, cadence: "monthly" }, "2026-03-23", closed)).toEqual(closed);
  });
});

describe("countedHistory (what nudges read under strict)", () => {
  it("leaves each judged round's disputed practices out, and its level with them; the others as answered", () => {
    const rounds = [closedRound("2026-03-16", 1), closedRound("2026-03-09", 1)];
    const manual = signal("deployment", {
      environment: "production",
      state: "success",
      creatorType: "person",
    });
    const verdicts = verdictsOver([manual], () => links())(new Date(manual.occurredAt.getTime() + 3_600_000));
    if (!verdicts) throw new Error("no verdicts");
    const judged = new Map([
      ["2026-03-16", roundEvidence(rounds[0] ?? closedRound("x", 1), verdicts, "strict")],
    ]);
    const [latest, earlier] = countedHistory(rounds, judged);
    expect(latest?.level).toBe(0);
    expect(latest?.met).not.toContain("automated_app_releases");
    expect(earlier).toBe(rounds[1]);
    // The release path's nudge no longer shows the disputed practice done: it is the first missing again.
    const releases = (history: typeof rounds) =>
      roundNudges(history).find((n) => n.kind === "manual_releases");
    expect(releases(rounds)).not.toMatchObject({ firstMissing: "automated_app_releases" });
    expect(releases(countedHistory(rounds, judged))).toMatchObject({
      firstMissing: "automated_app_releases",
    });
  });
});
