import { describe, expect, it } from "vitest";
import { pauseTeam, resumeTeam } from "../../src/services/pause.js";
import { serviceContext } from "../support/deps.js";
import { knownPeople } from "../support/directory.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

// A team in CTEAM answered for by Alice and Bob and set up by UCREATOR; Ada is a workspace admin (or
// owner: the directory does not tell them apart), Carol neither.
const database = useDatabase({ resetBetweenTests: true });
const NOW = "2026-03-25T12:00:00Z";
const ctx = () => serviceContext(database.db, NOW);
const people = () => knownPeople({ UADA: { isAdmin: true }, UCAROL: {}, UALICE: {}, UBOB: {} });

async function team(pausedUntil: string | null = null): Promise<number> {
  return seedTeam(database.db, {
    channelId: "CTEAM",
    name: "Models",
    createdAt: "2026-03-01T00:00:00Z",
    schedule: { timeZone: "Europe/Berlin" },
    respondents: ["UALICE", "UBOB"],
    pausedUntil,
  });
}

const asked = (userId: string, channelId = "CTEAM") => ({ teamId: "T0", channelId, userId });

describe("pauseTeam", () => {
  it("pauses for the weeks asked, from now, and says until when in the team's time zone", async () => {
    await team();
    const outcome = await pauseTeam(ctx(), people(), { ...asked("UALICE"), weeks: 3 });
    expect(outcome).toEqual({
      kind: "paused",
      name: "Models",
      until: new Date("2026-04-15T12:00:00Z"),
      timeZone: "Europe/Berlin",
    });
    const row = await database.db.selectFrom("ml_teams").select("paused_until").executeTakeFirstOrThrow();
    expect(row.paused_until).toEqual(new Date("2026-04-15T12:00:00Z"));
  });

  it("lets respondents and the creator pause without asking the directory", async () => {
    await team();
    const directory = people();
    for (const userId of ["UBOB", "UCREATOR"]) {
      expect((await pauseTeam(ctx(), directory, { ...asked(userId), weeks: 1 })).kind).toBe("paused");
    }
    expect(directory.asked).toEqual([]);
  });

  it("lets a workspace admin pause, after asking the directory who they are", async () => {
    await team();
    const directory = people();
    expect((await pauseTeam(ctx(), directory, { ...asked("UADA"), weeks: 1 })).kind).toBe("paused");
    expect(directory.asked).toEqual(["UADA"]);
  });

  it("refuses anyone else, naming the team and its creator, and changes nothing", async () => {
    await team();
    expect(await pauseTeam(ctx(), people(), { ...asked("UCAROL"), weeks: 1 })).toEqual({
      kind: "refused",
      team: { name: "Models", createdBy: "UCREATOR" },
      refusal: { kind: "refused" },
    });
    const row = await database.db.selectFrom("ml_teams").select("paused_until").executeTakeFirstOrThrow();
    expect(row.paused_until).toBeNull();
  });

  it("says it could not check someone the directory does not know", async () => {
    await team();
    expect(await pauseTeam(ctx(), people(), { ...asked("UNOBODY"), weeks: 1 })).toMatchObject({
      kind: "refused",
      refusal: { kind: "unverified", error: "user_not_found" },
    });
  });

  it("finds no team in a channel without one, or in another workspace's channel of the same id", async () => {
    await team();
    expect(await pauseTeam(ctx(), people(), { ...asked("UALICE", "COTHER"), weeks: 1 })).toEqual({
      kind: "no-team",
    });
    const stranger = { teamId: "T9", channelId: "CTEAM", userId: "UALICE", weeks: 1 };
    expect(await pauseTeam(ctx(), people(), stranger)).toEqual({ kind: "no-team" });
  });
});

describe("resumeTeam", () => {
  it("resumes a paused team, and says when it was not paused", async () => {
    await team("2026-04-01T00:00:00Z");
    expect(await resumeTeam(ctx(), people(), asked("UALICE"))).toEqual({ kind: "resumed", name: "Models" });
    expect(await resumeTeam(ctx(), people(), asked("UALICE"))).toEqual({
      kind: "not-paused",
      name: "Models",
    });
  });

  it("follows the same rule as pausing: Carol is refused and the pause stays", async () => {
    await team("2026-04-01T00:00:00Z");
    expect(await resumeTeam(ctx(), people(), asked("UCAROL"))).toMatchObject({ kind: "refused" });
    const row = await database.db.selectFrom("ml_teams").select("paused_until").executeTakeFirstOrThrow();
    expect(row.paused_until).toEqual(new Date("2026-04-01T00:00:00Z"));
  });
});
