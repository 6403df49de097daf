import { describe, expect, it } from "vitest";
import { saveAnswer } from "../../src/db/answers.js";
import { findRole, saveRole } from "../../src/db/people.js";
import { addRespondents, listRespondents, replaceRespondents } from "../../src/db/respondents.js";
import {
  createTeam,
  findTeamByChannel,
  findTeamById,
  findTeamsByName,
  findTeamWithLatestRound,
  listTeams,
  type NewTeam,
  scheduleOf,
  teamsOfRespondent,
  updateTeam,
} from "../../src/db/teams.js";
import { ensureWorkspace } from "../../src/db/workspaces.js";
import { useDatabase } from "../support/fixture.js";

const T0 = new Date("2026-11-01T00:00:00Z");
const T1 = new Date("2026-11-02T00:00:00Z");

const settings = {
  name: "Platform",
  cadence: "weekly",
  checkinDay: 1,
  checkinTime: "10:00",
  timeZone: "UTC",
} as const;
const team = (teamId: string, channelId: string, extra: Partial<NewTeam> = {}): NewTeam => ({
  teamId,
  enterpriseId: null,
  channelId,
  createdBy: "UALICE",
  settings,
  ...extra,
});

const database = useDatabase({
  setup: async (db) => {
    await ensureWorkspace(db, { teamId: "TA", enterpriseId: null });
    await ensureWorkspace(db, { teamId: "TB", enterpriseId: null });
  },
});

describe("ml_teams queries", () => {
  it("creates one team per channel of a workspace; a second create for the channel returns nothing", async () => {
    const created = await createTeam(database.db, team("TA", "C1"), T0);
    expect(created).toMatchObject({
      team_id: "TA",
      channel_id: "C1",
      name: "Platform",
      created_by: "UALICE",
    });
    expect(await createTeam(database.db, team("TA", "C1", { createdBy: "UBOB" }), T1)).toBeUndefined();
    // The same channel id in another workspace is another team.
    const other = await createTeam(database.db, team("TB", "C1"), T0);
    expect(other).toMatchObject({ team_id: "TB", channel_id: "C1", name: "Platform" });
    expect(other?.id).not.toBe(created?.id);
  });

  it("updates settings, keeps who created it and an enterprise id it already had", async () => {
    const created = await createTeam(database.db, team("TA", "C2", { enterpriseId: "E1" }), T0);
    const updated = await updateTeam(
      database.db,
      created?.id ?? 0,
      { settings: { ...settings, name: "Renamed", cadence: "monthly", checkinDay: 5 }, enterpriseId: null },
      T1,
    );
    expect(updated).toMatchObject({
      name: "Renamed",
      cadence: "monthly",
      checkin_day: 5,
      created_by: "UALICE",
      enterprise_id: "E1",
    });
    expect(updated.updated_at).toEqual(T1);
    expect(scheduleOf(updated)).toEqual({
      cadence: "monthly",
      checkinDay: 5,
      checkinTime: "10:00",
      timeZone: "UTC",
    });
  });

  it("finds a team only within its own workspace", async () => {
    const created = await createTeam(
      database.db,
      team("TA", "C3", { settings: { ...settings, name: "Ranking" } }),
      T0,
    );
    const id = created?.id ?? 0;
    expect((await findTeamById(database.db, "TA", id))?.name).toBe("Ranking");
    expect(await findTeamById(database.db, "TB", id)).toBeUndefined();
    expect(await findTeamByChannel(database.db, "TB", "C3")).toBeUndefined();
    expect((await findTeamsByName(database.db, "TA", "RANKING")).map((t) => t.id)).toEqual([id]);
    expect(await findTeamsByName(database.db, "TB", "ranking")).toEqual([]);
    expect((await listTeams(database.db, "TB")).map((t) => t.channel_id)).toEqual(["C1"]);
  });

  it("counts respondents with the team and replaces them, keeping when existing ones were added", async () => {
    const created = await createTeam(database.db, team("TA", "C4"), T0);
    const id = created?.id ?? 0;
    await replaceRespondents(database.db, id, ["UALICE", "UBOB"], T0);
    await replaceRespondents(database.db, id, ["UBOB", "UCAROL"], T1);
    await addRespondents(database.db, id, ["UCAROL", "UDAN"], T1);
    expect(await listRespondents(database.db, id)).toEqual(["UBOB", "UCAROL", "UDAN"]);
    const bob = await database.db
      .selectFrom("team_respondents")
      .select("added_at")
      .where("ml_team_id", "=", id)
      .where("user_id", "=", "UBOB")
      .executeTakeFirst();
    expect(bob?.added_at).toEqual(T0);
    expect((await findTeamByChannel(database.db, "TA", "C4"))?.respondentCount).toBe(3);
    expect((await teamsOfRespondent(database.db, "TA", "UDAN")).map((t) => t.id)).toEqual([id]);
    expect(await teamsOfRespondent(database.db, "TB", "UDAN")).toEqual([]);
  });
});

describe("findTeamWithLatestRound", () => {
  const save = (mlTeamId: number, period: string, userId: string, met: string[]) =>
    saveAnswer(
      database.db,
      { mlTeamId, teamId: "TA", period, userId, met, notApplicable: null, note: null },
      T1,
    );

  it("reads the team, its respondent count and only the answers of its latest round", async () => {
    const created = await createTeam(
      database.db,
      team("TA", "C5", { settings: { ...settings, name: "Ads" } }),
      T0,
    );
    const id = created?.id ?? 0;
    await replaceRespondents(database.db, id, ["UALICE", "UBOB", "UCAROL"], T0);
    await save(id, "2026-11-09", "UALICE", ["automated_builds", "app_unit_tests", "not_a_criterion"]);
    await save(id, "2026-11-16", "UCAROL", ["automated_builds"]);
    await save(id, "2026-11-16", "UBOB", []);
    const found = await findTeamWithLatestRound(database.db, "TA", "C5", T0);
    expect(found?.team).toEqual({
      id,
      name: "Ads",
      channel_id: "C5",
      cadence: "weekly",
      checkin_day: 1,
      checkin_time: "10:00",
      time_zone: "UTC",
    });
    expect(found?.respondentCount).toBe(3);
    expect(found?.latest?.period).toBe("2026-11-16");
    expect(found?.latest?.answers.toSorted((a, b) => a.userId.localeCompare(b.userId))).toEqual([
      { userId: "UBOB", met: [], notApplicable: null },
      { userId: "UCAROL", met: ["automated_builds"], notApplicable: null },
    ]);
    // Twice more: the second call runs the statement prepared by the first, with other arguments.
    expect((await findTeamWithLatestRound(database.db, "TA", "C1", T0))?.team.channel_id).toBe("C1");
    expect((await findTeamWithLatestRound(database.db, "TA", "C5", T0))?.latest?.answers).toHaveLength(2);
  });

  it("has no round for a team nobody answered, and no team in another workspace", async () => {
    await createTeam(database.db, team("TA", "C6"), T0);
    expect(await findTeamWithLatestRound(database.db, "TA", "C6", T0)).toMatchObject({
      respondentCount: 0,
      latest: undefined,
    });
    expect(await findTeamWithLatestRound(database.db, "TB", "C5", T0)).toBeUndefined();
    expect(await findTeamWithLatestRound(database.db, "TA", "CNONE", T0)).toBeUndefined();
  });
});

describe("people", () => {
  it("remembers one role per person per workspace", async () => {
    expect(await findRole(database.db, "TA", "UALICE")).toBeNull();
    await saveRole(database.db, { teamId: "TA", userId: "UALICE", role: "data_scientist" }, T0);
    await saveRole(database.db, { teamId: "TA", userId: "UALICE", role: "ml_engineer" }, T1);
    expect(await findRole(database.db, "TA", "UALICE")).toBe("ml_engineer");
    expect(await findRole(database.db, "TB", "UALICE")).toBeNull();
  });
});
