import { describe, expect, it } from "vitest";
import { planOrgDigest } from "../../src/domain/org-digest.js";
import { nudgePlan, orgDigestUnit, teamDigestPlan } from "../../src/scheduler/digest-units.js";
import { ORDER } from "../../src/scheduler/units.js";
import { actionIds, blockIds, visibleText } from "../support/messages.js";
import { outbox, planInput, scheduledTeam, workAt } from "../support/plans.js";
import { closedRound, upTo } from "../support/rounds.js";

// Team 7 in Berlin on Mon 30 Mar 2026 at 09:00 CEST (07:00Z): the round of 23 Mar has closed and its digest
// and nudges are due. It fell from level 2 (round of 16 Mar) to level 1.
const AT = "2026-03-30T07:00:00Z";
const FELL = [closedRound("2026-03-23", 1), closedRound("2026-03-16", 2)];
const answers = [
  { ml_team_id: 7, period: "2026-03-23", user_id: "UALICE", met: [], role: "data_scientist" as const },
  { ml_team_id: 7, period: "2026-03-23", user_id: "UBOB", met: [], role: null },
];

describe("teamDigestPlan", () => {
  it("posts the closed round's digest to the team's channel, with the level, the change and who answered", () => {
    const planned = teamDigestPlan(workAt(AT), planInput({ at: AT, history: { 7: FELL }, answers }));
    expect(planned.skips).toEqual([]);
    const [unit] = planned.units;
    expect(unit).toMatchObject({
      key: "team_digest:7:2026-03-23",
      kind: "team_digest",
      period: "2026-03-23",
      channel: "C7",
      claim: { mode: "insert" },
      order: ORDER.teamDigest,
    });
    expect(blockIds(unit?.message ?? {})).toContain("level:1");
    const shown = visibleText(unit?.message);
    expect(shown).toContain("Down from level 2");
    expect(shown).toContain("*Answered:* 2 of 2 respondents — 1 × Data scientist, 1 × role not given");
  });

  it("waits while the round has no snapshot yet", () => {
    const notClosed = [closedRound("2026-03-16", 2)];
    expect(teamDigestPlan(workAt(AT), planInput({ at: AT, history: { 7: notClosed } }))).toEqual({
      units: [],
      skips: [],
    });
  });

  it("records a skip, with its reason, for a round nobody was asked and nobody answered", () => {
    const quiet = [closedRound("2026-03-23", null, { prompted: false })];
    const planned = teamDigestPlan(workAt(AT), planInput({ at: AT, history: { 7: quiet } }));
    expect(planned.units).toEqual([]);
    expect(planned.skips).toEqual([
      {
        key: "team_digest:7:2026-03-23",
        teamId: "T0",
        mlTeamId: 7,
        kind: "team_digest",
        period: "2026-03-23",
        reason: "nothing to report: the round was not asked and nobody answered",
      },
    ]);
  });

  it("plans nothing once the digest was sent", () => {
    const sent = outbox([{ key: "team_digest:7:2026-03-23" }]);
    const input = planInput({ at: AT, lookup: sent, history: { 7: FELL } });
    expect(teamDigestPlan(workAt(AT, undefined, sent), input).units).toEqual([]);
  });
});

describe("nudgePlan", () => {
  it("posts each nudge that applies, in a fixed order after the digest, and records the others as skipped", () => {
    const planned = nudgePlan(workAt(AT), planInput({ at: AT, history: { 7: FELL } }));
    expect(planned.units.map((u) => [u.kind, u.order, u.key])).toEqual([
      ["nudge:siloed_roles", ORDER.nudge, "nudge:siloed_roles:7:2026-03-23"],
      ["nudge:manual_releases", ORDER.nudge + 1, "nudge:manual_releases:7:2026-03-23"],
      ["nudge:regression", ORDER.nudge + 2, "nudge:regression:7:2026-03-23"],
    ]);
    expect(planned.skips.map((s) => [s.kind, s.reason])).toEqual([
      ["nudge:missed_checkin", "not applicable this round"],
      ["nudge:practice_lost", "not applicable this round"],
    ]);
  });

  it("says in the regression nudge what the team lost", () => {
    const planned = nudgePlan(workAt(AT), planInput({ at: AT, history: { 7: FELL } }));
    const regression = planned.units.find((u) => u.kind === "nudge:regression");
    expect(visibleText(regression?.message)).toContain("Training compute");
  });

  it("skips a snoozed kind, saying until when, and leaves a kind already decided alone", () => {
    const until = new Date("2026-04-20T09:00:00Z");
    const team = scheduledTeam({ snoozedUntil: new Map([["siloed_roles", until]]) });
    const lookup = outbox([{ key: "nudge:manual_releases:7:2026-03-23" }]);
    const planned = nudgePlan(workAt(AT, team, lookup), planInput({ at: AT, lookup, history: { 7: FELL } }));
    expect(planned.units.map((u) => u.kind)).toEqual(["nudge:regression"]);
    expect(planned.skips.map((s) => [s.kind, s.reason])).toEqual([
      ["nudge:siloed_roles", "snoozed until 2026-04-20T09:00:00.000Z"],
      ["nudge:missed_checkin", "not applicable this round"],
      ["nudge:practice_lost", "not applicable this round"],
    ]);
  });

  it("nudges about a missed check-in when the round was asked and nobody answered", () => {
    const missed = [closedRound("2026-03-23", null), closedRound("2026-03-16", 2)];
    const planned = nudgePlan(workAt(AT), planInput({ at: AT, history: { 7: missed } }));
    expect(planned.units.map((u) => u.kind)).toEqual(["nudge:missed_checkin"]);
  });
});

describe("a practice lost while the level holds", () => {
  // Level 1 both rounds; the round of 16 Mar also had managed compute (a level 2 practice), that of 23 Mar not.
  const HELD = [
    closedRound("2026-03-23", 1, { met: [...upTo(1), "experiment_tracking"] }),
    closedRound("2026-03-16", 1, { met: [...upTo(1), "managed_compute", "experiment_tracking"] }),
  ];
  const kept = [...upTo(1), "experiment_tracking"];
  const held = [
    { ml_team_id: 7, period: "2026-03-23", user_id: "UALICE", met: kept, role: null },
    { ml_team_id: 7, period: "2026-03-23", user_id: "UBOB", met: [...kept, "managed_compute"], role: null },
  ];

  it("gets a block of its own in the digest, naming the practice and how many respondents dropped it", () => {
    const planned = teamDigestPlan(workAt(AT), planInput({ at: AT, history: { 7: HELD }, answers: held }));
    const message = planned.units[0]?.message ?? { blocks: [] };
    expect(blockIds(message).filter((id) => id.startsWith("regression:"))).toEqual([
      "regression:managed_compute",
    ]);
    expect(visibleText(message)).toContain(
      "*Practice lost:* Training compute is managed counted last round and no longer does. 1 respondent of 2 no longer said it is in place.",
    );
  });

  it("is one practice_lost nudge, snoozable like the others; a level that fell names the practices in its regression nudge instead", () => {
    const planned = nudgePlan(workAt(AT), planInput({ at: AT, history: { 7: HELD } }));
    const lost = planned.units.filter((u) => u.kind === "nudge:practice_lost");
    expect(lost.map((u) => u.key)).toEqual(["nudge:practice_lost:7:2026-03-23"]);
    expect(visibleText(lost[0]?.message)).toContain(
      "the team kept Level 1, but no longer counts: Training compute is managed.",
    );
    expect(actionIds(lost[0]?.message)).toContain("snooze_nudge");
    const snoozed = scheduledTeam({
      snoozedUntil: new Map([["practice_lost", new Date("2026-04-20T09:00:00Z")]]),
    });
    const quiet = nudgePlan(workAt(AT, snoozed), planInput({ at: AT, history: { 7: HELD } }));
    expect(quiet.units.map((u) => u.kind)).not.toContain("nudge:practice_lost");
    const fell = nudgePlan(workAt(AT), planInput({ at: AT, history: { 7: FELL } }));
    expect(fell.units.filter((u) => u.kind === "nudge:practice_lost")).toEqual([]);
  });
});

describe("orgDigestUnit", () => {
  it("is the workspace's digest to its digest channel, for the week, about its teams", () => {
    const at = new Date("2026-03-30T09:00:00Z");
    const work = planOrgDigest({ teamId: "T0", channelId: "CDIGEST", timeZone: "UTC" }, at, outbox([]));
    if (work === null) throw new Error("the org digest is due on Monday 09:00");
    const moved = [
      closedRound("2026-03-23", 1, { closedAt: new Date("2026-03-29T22:00:00Z") }),
      closedRound("2026-03-16", 2),
    ];
    const unit = orgDigestUnit(
      work,
      [scheduledTeam()],
      planInput({ at: at.toISOString(), history: { 7: moved } }),
    );
    expect(unit).toMatchObject({
      key: "org_digest:T0:2026-03-30",
      teamId: "T0",
      mlTeamId: null,
      kind: "org_digest",
      period: "2026-03-30",
      channel: "CDIGEST",
      order: ORDER.orgDigest,
    });
    expect(unit.message.text).toBe("MLOps maturity for the rounds of the week of Mon 23 Mar: 1 team");
    expect(visibleText(unit.message)).toMatch(/Moved down\* \(1\)\n• \*Platform\* \(<#C7>\) 2 → 1/);
  });
  it("rolls an organisation's group up in the org-level digest only, never in one workspace's", () => {
    const at = new Date("2026-03-30T09:00:00Z");
    const teams = [scheduledTeam(), scheduledTeam({ id: 8, teamId: "T8", channelId: "C8", name: "Risk" })];
    const history = { 7: [closedRound("2026-03-23", 1)], 8: [closedRound("2026-03-23", 2)] };
    const groups = [
      { teamId: "T0", enterpriseId: "E1", name: "Whole org", mlTeamIds: [7, 8] },
      { teamId: "T0", enterpriseId: null, name: "Our own", mlTeamIds: [7] },
    ];
    const digestOf = (workspace: Parameters<typeof planOrgDigest>[0]) => {
      const work = planOrgDigest(workspace, at, outbox([]));
      if (work === null) throw new Error("the org digest is due on Monday 09:00");
      return visibleText(
        orgDigestUnit(work, teams, { ...planInput({ at: at.toISOString(), history }), groups }).message,
      );
    };
    const workspace = digestOf({ teamId: "T0", channelId: "CDIGEST", timeZone: "UTC" });
    expect(workspace).toContain("Our own");
    expect(workspace).not.toContain("Whole org");
    const organisation = digestOf({
      teamId: "T0",
      channelId: "CDIGEST",
      timeZone: "UTC",
      organisation: { enterpriseId: "E1", memberTeamIds: ["T0", "T8"] },
    });
    expect(organisation).toMatch(/Whole org\*?:? .*2 teams/);
    expect(organisation).toContain("Our own");
  });
});
