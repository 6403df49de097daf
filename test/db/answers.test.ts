import { describe, expect, it } from "vitest";
import { latestAnswerOf, latestRounds, roundAnswers, saveAnswer } from "../../src/db/answers.js";
import { createTeam } from "../../src/db/teams.js";
import { ensureWorkspace } from "../../src/db/workspaces.js";
import { useDatabase } from "../support/fixture.js";

const NOW = new Date("2026-11-25T12:00:00Z");
const ids: Record<string, number> = {};
const database = useDatabase({ setup: seedAnswers });

async function insertTeam(teamId: string, channelId: string): Promise<number> {
  const settings = {
    name: channelId,
    cadence: "weekly",
    checkinDay: 1,
    checkinTime: "10:00",
    timeZone: "UTC",
  } as const;
  const team = await createTeam(
    database.db,
    { teamId, enterpriseId: null, channelId, createdBy: "U1", settings },
    NOW,
  );
  if (!team) throw new Error("team not created");
  return team.id;
}

function save(
  mlTeamId: number,
  teamId: string,
  period: string,
  userId: string,
  met: string[],
  note: string | null = null,
  notApplicable: Record<string, string> | null = null,
) {
  return saveAnswer(database.db, { mlTeamId, teamId, period, userId, met, notApplicable, note }, NOW);
}

/** Teams in two workspaces, answered over three rounds. */
async function seedAnswers(): Promise<void> {
  for (const teamId of ["TA", "TB"]) await ensureWorkspace(database.db, { teamId, enterpriseId: null });
  ids.a1 = await insertTeam("TA", "CA1");
  ids.a2 = await insertTeam("TA", "CA2");
  ids.a3 = await insertTeam("TA", "CA3");
  ids.b1 = await insertTeam("TB", "CB1");
  const { a1 = 0, a2 = 0, b1 = 0 } = ids;
  await save(a1, "TA", "2026-11-09", "UALICE", ["automated_builds"]);
  await save(a1, "TA", "2026-11-16", "UALICE", ["automated_builds", "app_unit_tests"]);
  await save(a1, "TA", "2026-11-16", "UBOB", []);
  await save(a2, "TA", "2026-11-23", "UCAROL", ["ab_testing"]);
  await save(b1, "TB", "2026-11-23", "UMALLORY", ["automated_builds"]);
}

describe("answers", () => {
  it("replaces a person's answer for the same round, practices not applicable included", async () => {
    const id = ids.a3 ?? 0;
    await save(id, "TA", "2026-11-23", "UDAN", ["automated_builds"], "first", { ab_testing: "batch only" });
    expect(await roundAnswers(database.db, id, "2026-11-23")).toEqual([
      { userId: "UDAN", met: ["automated_builds"], notApplicable: { ab_testing: "batch only" } },
    ]);
    await save(id, "TA", "2026-11-23", "UDAN", ["app_unit_tests"], null);
    expect(await roundAnswers(database.db, id, "2026-11-23")).toEqual([
      { userId: "UDAN", met: ["app_unit_tests"], notApplicable: null },
    ]);
    expect(await latestAnswerOf(database.db, id, "UDAN")).toMatchObject({
      met: ["app_unit_tests"],
      not_applicable: null,
      note: null,
    });
  });

  it("finds a person's most recent answer in any round", async () => {
    expect(await latestAnswerOf(database.db, ids.a1 ?? 0, "UALICE")).toMatchObject({
      period: "2026-11-16",
      met: ["automated_builds", "app_unit_tests"],
    });
    expect(await latestAnswerOf(database.db, ids.a1 ?? 0, "UCAROL")).toBeUndefined();
  });

  it("returns each team's latest round with answers, for the asking workspace only", async () => {
    const rounds = await latestRounds(database.db, "TA");
    expect(rounds.get(ids.a1 ?? 0)).toEqual({
      period: "2026-11-16",
      answers: [
        { userId: "UALICE", met: ["automated_builds", "app_unit_tests"], notApplicable: null },
        { userId: "UBOB", met: [], notApplicable: null },
      ],
    });
    expect(rounds.get(ids.a2 ?? 0)?.period).toBe("2026-11-23");
    expect(rounds.has(ids.b1 ?? 0)).toBe(false);
    expect((await latestRounds(database.db, "TA", [ids.a2 ?? 0])).size).toBe(1);
    expect((await latestRounds(database.db, "TA", [])).size).toBe(0);
    expect((await latestRounds(database.db, "TB", [ids.a1 ?? 0])).size).toBe(0);
  });
});
