import { describe, expect, it } from "vitest";
import type { TeamWork } from "../../src/domain/due-work.js";
import {
  closeRounds,
  type DueReminder,
  groupReminders,
  lastDay,
  ORDER,
  type PlanInput,
  promptPlan,
  reminderUnits,
} from "../../src/scheduler/units.js";
import { actionIds, visibleText } from "../support/messages.js";
import { outbox, planInput, scheduledTeam, workAt } from "../support/plans.js";
import { upTo } from "../support/rounds.js";

// Team 7 in Berlin, round of Mon 23 Mar 2026: prompted at 10:00 CET (09:00Z), reminded Thu 26 Mar 09:00Z;
// the round's last day is Sun 29 Mar.
const PROMPT = "prompt:7:2026-03-23";
const promptSent = { key: PROMPT, finishedAt: new Date("2026-03-23T09:00:30Z") };
const promptUnit = (work: TeamWork, input: PlanInput) => promptPlan(work, input).units;
const reminderPlan = (work: TeamWork, input: PlanInput) => groupReminders(reminderUnits(work, input));

describe("promptUnit", () => {
  it("is one message to the team's channel, claimed fresh, naming the respondents and the last day", () => {
    const at = "2026-03-23T09:30:00Z";
    const [unit, ...more] = promptUnit(workAt(at), planInput({ at, respondents: { 7: ["UALICE", "UBOB"] } }));
    expect(more).toEqual([]);
    expect(unit).toMatchObject({
      key: PROMPT,
      teamId: "T0",
      mlTeamId: 7,
      kind: "prompt",
      period: "2026-03-23",
      channel: "C7",
      claim: { mode: "insert" },
      order: ORDER.prompt,
    });
    const shown = visibleText(unit?.message);
    expect(shown).toContain("<@UALICE> and <@UBOB>");
    expect(shown).toContain("Sun 29 Mar (Europe/Berlin)");
  });

  it("is not posted when everyone it would ask has answered already", () => {
    const at = "2026-03-23T09:30:00Z";
    const answers = ["UALICE", "UBOB"].map((user_id) => ({ ml_team_id: 7, period: "2026-03-23", user_id }));
    const input = planInput({ at, respondents: { 7: ["UALICE", "UBOB"] }, answers });
    expect(promptPlan(workAt(at), input)).toMatchObject({
      units: [],
      skips: [{ key: PROMPT, reason: "everyone it asks has already answered" }],
    });
    const oneLeft = planInput({ at, respondents: { 7: ["UALICE", "UBOB", "UCAROL"] }, answers });
    expect(visibleText(promptUnit(workAt(at), oneLeft)[0]?.message)).toContain("<@UCAROL>");
  });

  it("is nothing before the check-in time, or once the prompt was sent", () => {
    const early = "2026-03-23T08:59:00Z";
    expect(promptUnit(workAt(early), planInput({ at: early }))).toEqual([]);
    const later = "2026-03-23T10:00:00Z";
    const sent = outbox([promptSent]);
    expect(promptUnit(workAt(later, undefined, sent), planInput({ at: later, lookup: sent }))).toEqual([]);
  });
});

describe("reminderUnits", () => {
  const at = "2026-03-26T09:00:00Z";
  const reminder = (userId: string) => `reminder:7:2026-03-23:${userId}`;

  it("direct-messages each respondent who has not answered and has not been reminded", () => {
    const lookup = outbox([
      promptSent,
      { key: reminder("UBOB") },
      // A reminder that failed transiently an hour ago is tried again.
      {
        key: reminder("UDAN"),
        status: "failed",
        error: "ratelimited",
        finishedAt: new Date("2026-03-26T08:00:00Z"),
      },
    ]);
    const input = planInput({
      at,
      lookup,
      respondents: { 7: ["UALICE", "UBOB", "UCAROL", "UDAN"] },
      answers: [{ ml_team_id: 7, period: "2026-03-23", user_id: "UALICE" }],
    });
    const { units } = reminderPlan(workAt(at, undefined, lookup), input);
    expect(units.map((u) => [u.channel, u.key, u.claim])).toEqual([
      ["UCAROL", reminder("UCAROL"), { mode: "insert" }],
      ["UDAN", reminder("UDAN"), { mode: "reclaim", attempts: 1 }],
    ]);
    expect(units.every((u) => u.kind === "reminder" && u.mlTeamId === 7)).toBe(true);
    expect(visibleText(units[0]?.message)).toContain("<#C7>");
  });

  it("is nothing when reminders are not due: before Thursday, or when the prompt went out too late", () => {
    const input = planInput({ at, respondents: { 7: ["UBOB"] } });
    const early = "2026-03-26T08:59:00Z";
    const sent = outbox([promptSent]);
    expect(reminderPlan(workAt(early, undefined, sent), { ...input, now: new Date(early) }).units).toEqual(
      [],
    );
    const lateLookup = outbox([{ key: PROMPT, finishedAt: new Date("2026-03-26T09:30:00Z") }]);
    expect(reminderPlan(workAt(at, undefined, lateLookup), { ...input, lookup: lateLookup }).units).toEqual(
      [],
    );
  });
});

describe("groupReminders", () => {
  const due = (mlTeamId: number, claim: DueReminder["claim"], rode?: string): DueReminder => ({
    ref: {
      key: `reminder:${mlTeamId}:2026-03-23:UALICE`,
      teamId: "T0",
      mlTeamId,
      kind: "reminder",
      period: "2026-03-23",
    },
    userId: "UALICE",
    input: {
      mlTeamId,
      teamName: `Team ${mlTeamId}`,
      channelId: `C${mlTeamId}`,
      period: "2026-03-23",
      lastDay: "2026-03-29",
      timeZone: "UTC",
    },
    claim,
    ...(rode ? { with: rode } : {}),
  });

  it("sends one direct message per person, listing each team with its own buttons", () => {
    const { units, skips } = groupReminders([
      due(9, { mode: "insert" }),
      due(3, { mode: "insert" }),
      due(5, { mode: "insert" }),
    ]);
    expect(units.map((u) => [u.channel, u.key])).toEqual([["UALICE", "reminder:3:2026-03-23:UALICE"]]);
    const shown = visibleText(units[0]?.message);
    expect(shown).toContain("3 teams you answer for are all checking in this round");
    for (const id of [3, 5, 9]) expect(shown).toContain(`*Team ${id}* (<#C${id}>)`);
    expect(actionIds(units[0]?.message).filter((id) => id === "open_checkin")).toHaveLength(3);
    expect(skips.map((s) => [s.key, s.reason])).toEqual([
      ["reminder:5:2026-03-23:UALICE", "sent in one message with reminder:3:2026-03-23:UALICE"],
      ["reminder:9:2026-03-23:UALICE", "sent in one message with reminder:3:2026-03-23:UALICE"],
    ]);
  });

  it("brings the teams that rode with a reminder along when it is tried again", () => {
    const carrier = "reminder:3:2026-03-23:UALICE";
    const { units, skips } = groupReminders([
      due(3, { mode: "reclaim", attempts: 1 }),
      due(5, null, carrier),
    ]);
    expect(units.map((u) => [u.key, u.claim])).toEqual([[carrier, { mode: "reclaim", attempts: 1 }]]);
    expect(visibleText(units[0]?.message)).toContain("*Team 5* (<#C5>)");
    expect(skips).toEqual([]);
  });
});

describe("lastDay", () => {
  it("is the local date before the round ends, read in the zone given", () => {
    const { current } = workAt("2026-03-23T09:30:00Z").rounds;
    // The round ends at midnight starting Mon 30 Mar in Berlin, which is still Sun 29 Mar in UTC.
    expect(lastDay(current, "Europe/Berlin")).toBe("2026-03-29");
    expect(lastDay(current, "UTC")).toBe("2026-03-28");
  });
});

// Team 7 in Berlin on Mon 30 Mar 2026 at 09:00 CEST: the round of 23 Mar has ended and has no snapshot yet.
const AT = "2026-03-30T07:00:00Z";
const PROMPTED = { key: "prompt:7:2026-03-23", finishedAt: new Date("2026-03-23T09:00:30Z") };
const open = (lookup = outbox([PROMPTED]), team = scheduledTeam()) => workAt(AT, team, lookup, false);
const LEVEL_1 = upTo(1);

function data(answers: { user_id: string; met: string[] }[], respondents = ["UALICE", "UBOB"]) {
  return planInput({
    at: AT,
    respondents: { 7: respondents },
    answers: answers.map((a) => ({ ml_team_id: 7, period: "2026-03-23", role: null, ...a })),
  }).data;
}

describe("closeRounds", () => {
  it("snapshots the round: asked or not, who answered out of whom, and the level the answers give", () => {
    const lookup = outbox([PROMPTED, { key: "reminder:7:2026-03-23:UBOB" }]);
    const { snapshots, stale } = closeRounds(
      [open(lookup)],
      data([{ user_id: "UALICE", met: LEVEL_1 }]),
      lookup,
    );
    expect(snapshots).toEqual([
      {
        mlTeamId: 7,
        teamId: "T0",
        period: "2026-03-23",
        prompted: true,
        answered: 1,
        expected: 2,
        away: 0,
        level: 1,
        met: LEVEL_1,
        notApplicable: new Map(),
        disputed: [],
      },
    ]);
    expect(stale).toEqual([]);
  });

  it("counts someone who answered without being a respondent as expected too", () => {
    const answers = [
      { user_id: "UALICE", met: LEVEL_1 },
      { user_id: "UDAN", met: LEVEL_1.filter((c) => c !== "automated_builds") },
    ];
    const [snapshot] = closeRounds([open()], data(answers), outbox([PROMPTED])).snapshots;
    expect(snapshot).toMatchObject({ answered: 2, expected: 3, level: 0, disputed: ["automated_builds"] });
  });

  it("marks a round whose prompt never went out as not asked", () => {
    const [snapshot] = closeRounds([open(outbox([]))], data([]), outbox([])).snapshots;
    expect(snapshot).toMatchObject({ prompted: false, answered: 0, level: null });
  });

  it("notes the reminders nobody sent on reminder day, for whoever had not answered", () => {
    const { stale } = closeRounds([open()], data([{ user_id: "UALICE", met: [] }]), outbox([PROMPTED]));
    expect(stale).toEqual([
      {
        key: "reminder:7:2026-03-23:UBOB",
        kind: "reminder",
        period: "2026-03-23",
        reason: "no tick ran on reminder day",
        teamId: "T0",
        mlTeamId: 7,
        stale: true,
      },
    ]);
  });

  it("leaves alone a team whose round is already closed", () => {
    const closed = workAt(AT, scheduledTeam(), outbox([PROMPTED]), true);
    expect(closeRounds([closed], data([]), outbox([PROMPTED]))).toEqual({ snapshots: [], stale: [] });
  });
});
