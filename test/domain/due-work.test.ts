import { describe, expect, it } from "vitest";
import { deliveryKeys, staleReminders, teamRounds } from "../../src/domain/due-work.js";
import { planOrgDigest } from "../../src/domain/org-digest.js";
import { BERLIN, outbox, scheduledTeam, workAt } from "../support/plans.js";

const team = scheduledTeam;
const plan = workAt;

// Berlin, round of Mon 23 Mar 2026 (CET, +01): prompt 09:00Z, reminder Thu 26 Mar 09:00Z;
// the round ends Mon 30 Mar 00:00 CEST = 29 Mar 22:00Z, its digest is Mon 30 Mar 09:00 CEST = 07:00Z.
describe("planTeam", () => {
  it("owes the prompt from the check-in time to the end of the round", () => {
    expect(plan("2026-03-23T08:59:59Z").prompt).toBeNull();
    expect(plan("2026-03-23T09:00:00Z").prompt).toEqual({ mode: "insert" });
    expect(plan("2026-03-29T21:59:59Z").prompt).toEqual({ mode: "insert" });
    const sent = outbox([{ key: deliveryKeys.prompt(7, "2026-03-23") }]);
    expect(plan("2026-03-23T09:01:00Z", team(), sent).prompt).toBeNull();
  });

  it("reminds only after Thursday's time and only if the prompt went out before it", () => {
    const promptedMonday = outbox([
      { key: deliveryKeys.prompt(7, "2026-03-23"), finishedAt: new Date("2026-03-23T09:00:01Z") },
    ]);
    expect(plan("2026-03-26T08:59:00Z", team(), promptedMonday).remind).toBe(false);
    expect(plan("2026-03-26T09:00:00Z", team(), promptedMonday).remind).toBe(true);
    const promptedFriday = outbox([
      { key: deliveryKeys.prompt(7, "2026-03-23"), finishedAt: new Date("2026-03-27T12:00:00Z") },
    ]);
    expect(plan("2026-03-27T12:01:00Z", team(), promptedFriday).remind).toBe(false);
    const failed = outbox([
      { key: deliveryKeys.prompt(7, "2026-03-23"), status: "failed", error: "not_in_channel" },
    ]);
    expect(plan("2026-03-26T10:00:00Z", team(), failed).remind).toBe(false);
  });

  it("closes the previous round once, and only if the team existed during it", () => {
    expect(plan("2026-03-30T00:00:00Z", team(), outbox([]), false).close).toBe(true);
    expect(plan("2026-03-30T00:00:00Z", team(), outbox([]), true).close).toBe(false);
    const newTeam = team({ createdAt: new Date("2026-03-29T23:00:00Z") });
    expect(plan("2026-03-30T00:00:00Z", newTeam, outbox([]), false).close).toBe(false);
  });

  it("owes the digest and nudges of the closed round from Monday 09:00 on", () => {
    expect(plan("2026-03-30T06:59:00Z").teamDigest).toBeNull();
    expect(plan("2026-03-30T06:59:00Z").nudges).toBe(false);
    expect(plan("2026-03-30T07:00:00Z").teamDigest).toEqual({ mode: "insert" });
    expect(plan("2026-03-30T07:00:00Z").nudges).toBe(true);
  });

  it("holds back prompts, reminders and nudges while paused, but not the digest", () => {
    const paused = team({ pausedUntil: new Date("2026-04-13T00:00:00Z") });
    const work = plan("2026-03-30T08:00:00Z", paused);
    expect(work.prompt).toBeNull();
    expect(work.remind).toBe(false);
    expect(work.nudges).toBe(false);
    expect(work.teamDigest).toEqual({ mode: "insert" });
    const ended = team({ pausedUntil: new Date("2026-03-30T07:30:00Z") });
    expect(plan("2026-03-30T08:00:00Z", ended).prompt).toEqual({ mode: "insert" });
  });

  it("marks a prompt and a digest whose periods are over as stale, never as due", () => {
    const work = plan("2026-03-30T08:00:00Z");
    expect(work.stale.map((s) => s.key)).toEqual([
      deliveryKeys.prompt(7, "2026-03-23"),
      deliveryKeys.teamDigest(7, "2026-03-16"),
    ]);
    expect(work.stale[0]?.reason).toMatch(/no tick ran/);
    const done = outbox([
      { key: deliveryKeys.prompt(7, "2026-03-23") },
      { key: deliveryKeys.teamDigest(7, "2026-03-16"), status: "skipped" },
    ]);
    expect(plan("2026-03-30T08:00:00Z", team(), done).stale).toEqual([]);
  });

  it("owes nothing before the team was created (a replica whose clock runs behind)", () => {
    const future = team({ createdAt: new Date("2026-03-25T12:00:00Z") });
    expect(plan("2026-03-25T11:59:00Z", future, outbox([]), false)).toMatchObject({
      prompt: null,
      close: false,
      teamDigest: null,
      stale: [],
    });
    expect(plan("2026-03-25T12:00:00Z", future).prompt).toEqual({ mode: "insert" });
  });

  it("says a missed prompt was due to a pause when the team was paused through the round", () => {
    const paused = team({ pausedUntil: new Date("2026-04-06T00:00:00Z") });
    expect(plan("2026-03-30T08:00:00Z", paused).stale[0]?.reason).toMatch(/paused/);
  });
});

describe("staleReminders", () => {
  const round = teamRounds(BERLIN, new Date("2026-03-25T12:00:00Z")).current;

  it("names the unanswered respondents nobody reminded when the scheduler missed reminder day", () => {
    const lookup = outbox([
      { key: deliveryKeys.prompt(7, round.period), finishedAt: new Date("2026-03-23T09:00:01Z") },
      { key: deliveryKeys.reminder(7, round.period, "U1") },
    ]);
    expect(staleReminders(team(), round, ["U1", "U2"], lookup).map((s) => s.key)).toEqual([
      deliveryKeys.reminder(7, round.period, "U2"),
    ]);
  });

  it("names nobody for a round that was never prompted", () => {
    expect(staleReminders(team(), round, ["U1"], outbox([]))).toEqual([]);
  });
});

describe("planOrgDigest", () => {
  const workspace = { teamId: "T0", channelId: "CDIGEST", timeZone: "America/Los_Angeles" };

  it("is due from Monday 09:00 in the digest's time zone, once per week", () => {
    // Monday 30 Mar 2026 09:00 PDT (-07) = 16:00Z.
    expect(planOrgDigest(workspace, new Date("2026-03-30T15:59:00Z"), outbox([]))).toBeNull();
    const due = planOrgDigest(workspace, new Date("2026-03-30T16:00:00Z"), outbox([]));
    expect(due).toMatchObject({
      week: "2026-03-30",
      key: "org_digest:T0:2026-03-30",
      claim: { mode: "insert" },
    });
    const sent = outbox([{ key: "org_digest:T0:2026-03-30" }]);
    expect(planOrgDigest(workspace, new Date("2026-04-01T16:00:00Z"), sent)).toBeNull();
  });
});
