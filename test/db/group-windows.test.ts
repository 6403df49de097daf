import { describe, expect, it } from "vitest";
import { groupWindows } from "../../src/db/group-windows.js";
import { insertSnapshots, type NewSnapshot, recentClosedRounds } from "../../src/db/snapshots.js";
import { groupRollup, ROLLUP_ROUNDS, rollupOfTeams } from "../../src/domain/group-rollup.js";
import { CHECKBOX_CRITERIA, type CriterionId, type Level } from "../../src/domain/rubric.js";
import { useDatabase } from "../support/fixture.js";
import { upTo } from "../support/rounds.js";
import { seedGroup, seedTeam } from "../support/seed.js";

const database = useDatabase();
const AT = new Date("2026-03-23T09:00:00Z");

/** A small deterministic generator, so a failing history can be found again. */
function generator(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * n);
  };
}

/** Up to 8 weekly rounds: some nobody answered, some not prompted, practices dropped, some not applicable. */
function history(mlTeamId: number, random: (n: number) => number): NewSnapshot[] {
  return Array.from({ length: random(9) }, (_, week) => {
    const period = new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10);
    const silent = random(4) === 0;
    const met = silent ? [] : upTo(random(5) as Level).filter(() => random(6) !== 0);
    const exempt = CHECKBOX_CRITERIA.filter((id) => met.includes(id) && random(5) === 0);
    return {
      mlTeamId,
      teamId: "T0",
      period,
      prompted: random(5) !== 0,
      answered: silent ? 0 : 1 + random(4),
      expected: 4,
      away: random(3) === 0 ? random(3) : 0,
      level: silent ? null : random(5),
      met,
      notApplicable: new Map<CriterionId, string[]>(exempt.map((id) => [id, ["not ours"]])),
      disputed: [],
    };
  });
}

describe("a group's windows", () => {
  it("give the roll-up its teams' every figure as their whole last rounds do", async () => {
    const random = generator(21);
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) {
      const id = await seedTeam(database.db, { channelId: `CW${i}`, name: `team ${i % 7}`, createdAt: AT });
      ids.push(id);
      await insertSnapshots(
        database.db,
        history(id, random),
        new Date(AT.getTime() + random(5) * 86_400_000),
      );
    }
    const groupId = await seedGroup(database.db, { name: "Windows", mlTeamIds: ids });

    const rounds = await recentClosedRounds(database.db, ids, ROLLUP_ROUNDS);
    const teams = ids.map((id, i) => ({
      id,
      name: `team ${i % 7}`,
      channelId: `CW${i}`,
      history: rounds.get(id) ?? [],
    }));
    const expected = groupRollup(teams);
    // The generated histories exercise every figure (or the comparison proves little).
    expect(expected.unassessed).toBeGreaterThan(0);
    expect(expected.movers.length).toBeGreaterThan(0);
    expect(expected.lostPractice.length).toBeGreaterThan(0);
    expect(expected.missed.length).toBeGreaterThan(0);
    expect(expected.exemptions.length).toBeGreaterThan(0);

    expect(rollupOfTeams(await groupWindows(database.db, groupId))).toEqual(expected);
  });

  it("count a team with no closed round as unassessed, and an empty group as no teams", async () => {
    const id = await seedTeam(database.db, { channelId: "CNEW", createdAt: AT });
    const one = await seedGroup(database.db, { name: "New", mlTeamIds: [id] });
    const none = await seedGroup(database.db, { name: "Empty", mlTeamIds: [] });
    const rollup = rollupOfTeams(await groupWindows(database.db, one));
    expect([rollup.teams, rollup.unassessed, rollup.median, rollup.participation.teamsAsked]).toEqual([
      1,
      1,
      null,
      0,
    ]);
    expect(rollupOfTeams(await groupWindows(database.db, none)).teams).toBe(0);
  });

  it("leave out practices the rubric no longer has, in answers and exemptions alike", async () => {
    const id = await seedTeam(database.db, { channelId: "COLD", createdAt: AT });
    const groupId = await seedGroup(database.db, { name: "Old", mlTeamIds: [id] });
    const round = (period: string, met: string[]): NewSnapshot => ({
      mlTeamId: id,
      teamId: "T0",
      period,
      prompted: true,
      answered: 1,
      expected: 1,
      away: 0,
      level: 1,
      met,
      notApplicable: new Map([["retired_practice" as CriterionId, ["gone"]]]),
      disputed: [],
    });
    const people = upTo(1);
    await insertSnapshots(
      database.db,
      [
        round("2026-03-09", [...people, "retired_practice"]),
        round("2026-03-16", ["retired_practice", ...people]),
      ],
      AT,
    );
    const [team] = await groupWindows(database.db, groupId);
    expect(team?.window.latest?.met).toEqual(people);
    expect(team?.window.latest?.notApplicable).toEqual([]);
    expect(rollupOfTeams(team ? [team] : []).lostPractice).toEqual([]);
  });
});
