import { describe, expect, it } from "vitest";
import { closeRounds } from "../../src/scheduler/close.js";
import { outbox, planInput, scheduledTeam, workAt } from "../support/plans.js";
import { upTo } from "../support/rounds.js";

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
