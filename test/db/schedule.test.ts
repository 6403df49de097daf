import { describe, expect, it } from "vitest";
import { loadRoundAnswers, pauseTeam, resumeTeam } from "../../src/db/schedule.js";
import { useDatabase } from "../support/fixture.js";
import { answer, seedTeam } from "../support/seed.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = new Date("2026-03-23T09:00:00Z");

describe("team schedule settings", () => {
  it("pauses and resumes only a team of the asking workspace", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    const until = new Date("2026-04-06T09:00:00Z");
    expect(await pauseTeam(database.db, "TOTHER", id, until, AT)).toBe(false);
    expect(await pauseTeam(database.db, "T0", id, until, AT)).toBe(true);
    expect(await resumeTeam(database.db, "TOTHER", id, AT)).toBeNull();
    expect(await resumeTeam(database.db, "T0", id, AT)).toEqual(until);
    expect(await resumeTeam(database.db, "T0", id, AT)).toBeNull();
  });

  it("reads a round's answers with each author's role", async () => {
    const id = await seedTeam(database.db, {
      channelId: "C1",
      createdAt: AT,
      roles: { U1: "data_engineer" },
    });
    await answer(database.db, {
      mlTeamId: id,
      period: "2026-03-23",
      userId: "U1",
      met: ["automated_builds"],
    });
    await answer(database.db, { mlTeamId: id, period: "2026-03-23", userId: "U2", met: [] });
    await answer(database.db, { mlTeamId: id, period: "2026-03-16", userId: "U1", met: [] });
    const rows = await loadRoundAnswers(database.db, [{ mlTeamId: id, period: "2026-03-23" }]);
    expect(rows.map((r) => [r.user_id, r.role, r.met]).sort()).toEqual([
      ["U1", "data_engineer", ["automated_builds"]],
      ["U2", null, []],
    ]);
  });
});
