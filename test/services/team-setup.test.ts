import { describe, expect, it } from "vitest";
import { type SetupSubmission, saveTeamSetup, setupFormFor } from "../../src/services/team-setup.js";
import { serviceContext } from "../support/deps.js";
import { knownPeople } from "../support/directory.js";
import { useDatabase } from "../support/fixture.js";
import { respondentsOf, teamIn } from "../support/rows.js";
import { seedTeam } from "../support/seed.js";

// Alice is in Berlin, Ada is a workspace admin, Bob is neither; seeded teams are set up by UCREATOR.
const database = useDatabase({ resetBetweenTests: true });
const ctx = () => serviceContext(database.db, "2026-11-25T12:00:00Z");
const people = () =>
  knownPeople({ UALICE: { timeZone: "Europe/Berlin" }, UADA: { isAdmin: true }, UBOB: {} });
const workspace = { teamId: "T0", enterpriseId: null };

const formRequest = (userId: string, channelId = "CNEW") => ({
  teamId: "T0",
  channelId,
  userId,
  suggestedName: "ml-new",
});

const submission = (name: string, respondents: string[]): SetupSubmission => ({
  settings: { name, cadence: "biweekly", checkinDay: 3, checkinTime: "09:30", timeZone: "UTC" },
  respondents,
});

const seeded = () =>
  seedTeam(database.db, {
    channelId: "CTEAM",
    name: "Search",
    createdAt: "2026-11-01T00:00:00Z",
    respondents: ["UBOB"],
  });

describe("setupFormFor", () => {
  it("starts a new team from the channel's name, the person as respondent and their time zone", async () => {
    expect(await setupFormFor(ctx(), people(), formRequest("UALICE"))).toEqual({
      kind: "form",
      form: {
        channelId: "CNEW",
        mlTeamId: null,
        name: "ml-new",
        respondents: ["UALICE"],
        cadence: "weekly",
        checkinDay: 1,
        checkinTime: "10:00",
        timeZone: "Europe/Berlin",
      },
    });
  });

  it("starts in UTC for someone the directory does not know", async () => {
    const outcome = await setupFormFor(ctx(), people(), formRequest("UNOBODY"));
    expect(outcome.kind === "form" && outcome.form.timeZone).toBe("UTC");
  });

  it("gives the creator the team as it is, without asking the directory", async () => {
    const id = await seeded();
    const directory = people();
    expect(await setupFormFor(ctx(), directory, formRequest("UCREATOR", "CTEAM"))).toEqual({
      kind: "form",
      form: {
        channelId: "CTEAM",
        mlTeamId: id,
        name: "Search",
        respondents: ["UBOB"],
        cadence: "weekly",
        checkinDay: 1,
        checkinTime: "10:00",
        timeZone: "UTC",
      },
    });
    expect(directory.asked).toEqual([]);
  });

  it("gives an admin the form, and refuses anyone else, naming the creator", async () => {
    await seeded();
    expect((await setupFormFor(ctx(), people(), formRequest("UADA", "CTEAM"))).kind).toBe("form");
    for (const userId of ["UBOB", "UNOBODY"]) {
      expect(await setupFormFor(ctx(), people(), formRequest(userId, "CTEAM"))).toEqual({
        kind: "refused",
        createdBy: "UCREATOR",
      });
    }
  });

  it("treats a channel id of another workspace as a new team", async () => {
    await seeded();
    const outcome = await setupFormFor(ctx(), people(), { ...formRequest("UALICE", "CTEAM"), teamId: "T9" });
    expect(outcome.kind === "form" && outcome.form.mlTeamId).toBeNull();
  });
});

describe("saveTeamSetup", () => {
  it("creates a team, its workspace and respondents, with the person as its creator", async () => {
    const outcome = await saveTeamSetup(ctx(), people(), {
      workspace,
      channelId: "CNEW",
      userId: "UALICE",
      mlTeamId: null,
      submission: submission("Fresh", ["UALICE", "UBOB"]),
    });
    expect(outcome).toEqual({
      kind: "saved",
      name: "Fresh",
      schedule: { cadence: "biweekly", checkinDay: 3, checkinTime: "09:30", timeZone: "UTC" },
      respondents: 2,
      created: true,
    });
    const team = await teamIn(database.db, "CNEW");
    expect(team).toMatchObject({ name: "Fresh", created_by: "UALICE", checkin_day: 3 });
    expect(await respondentsOf(database.db, team?.id ?? 0)).toEqual(["UALICE", "UBOB"]);
  });

  it("updates the team the form was opened for, replacing its respondents, for an admin", async () => {
    const id = await seeded();
    const outcome = await saveTeamSetup(ctx(), people(), {
      workspace,
      channelId: "CTEAM",
      userId: "UADA",
      mlTeamId: id,
      submission: submission("Search & Ranking", ["UALICE"]),
    });
    expect(outcome).toMatchObject({ kind: "saved", created: false, name: "Search & Ranking" });
    expect(await teamIn(database.db, "CTEAM")).toMatchObject({
      name: "Search & Ranking",
      created_by: "UCREATOR",
    });
    expect(await respondentsOf(database.db, id)).toEqual(["UALICE"]);
  });

  it("refuses someone who may not edit the team, and changes nothing", async () => {
    const id = await seeded();
    const request = {
      workspace,
      channelId: "CTEAM",
      mlTeamId: id,
      submission: submission("Hijacked", ["UBOB"]),
    };
    expect(await saveTeamSetup(ctx(), people(), { ...request, userId: "UBOB" })).toEqual({ kind: "refused" });
    expect(await saveTeamSetup(ctx(), people(), { ...request, userId: "UNOBODY" })).toEqual({
      kind: "refused",
    });
    expect((await teamIn(database.db, "CTEAM"))?.name).toBe("Search");
  });

  it("says the form is out of date when the channel's team is not the one it was opened for", async () => {
    const id = await seeded();
    const base = { workspace, channelId: "CTEAM", userId: "UCREATOR", submission: submission("X", ["UBOB"]) };
    // A "new team" form, while someone else set one up meanwhile.
    expect(await saveTeamSetup(ctx(), people(), { ...base, mlTeamId: null })).toEqual({
      kind: "out-of-date",
    });
    // A form naming another team than the channel's (a forged or stale private_metadata).
    expect(await saveTeamSetup(ctx(), people(), { ...base, mlTeamId: id + 1 })).toEqual({
      kind: "out-of-date",
    });
    expect((await teamIn(database.db, "CTEAM"))?.name).toBe("Search");
  });
});
