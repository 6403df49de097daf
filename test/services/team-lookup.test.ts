import { describe, expect, it } from "vitest";
import { findTeamByChannel } from "../../src/db/teams.js";
import { lookUpTeam, type TeamQuery } from "../../src/services/team-lookup.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";

// Workspace T0 has "Forecasting" (CFORE), two teams called "Twins" (CTWIN1, CTWIN2); T9 has "Hidden".
const database = useDatabase({
  setup: async (db) => {
    const createdAt = "2026-11-01T00:00:00Z";
    await seedTeam(db, { channelId: "CFORE", name: "Forecasting", createdAt });
    await seedTeam(db, { channelId: "CTWIN1", name: "Twins", createdAt });
    await seedTeam(db, { channelId: "CTWIN2", name: "twins", createdAt });
    await seedTeam(db, { teamId: "T9", channelId: "CHIDDEN", name: "Hidden", createdAt });
  },
});

async function lookUp(query: TeamQuery, teamId = "T0") {
  const reference = await lookUpTeam(database.db, teamId, query, findTeamByChannel);
  return reference.kind === "found" ? { kind: "found", channelId: reference.team.channel_id } : reference;
}

const byName = (name: string) => ({ by: "name", name, typed: `#${name}` }) as const;

describe("lookUpTeam", () => {
  it("finds the team of this channel or of a mentioned one, and says when the channel has none", async () => {
    expect(await lookUp({ by: "channel", channelId: "CFORE", mentioned: false })).toEqual({
      kind: "found",
      channelId: "CFORE",
    });
    expect(await lookUp({ by: "channel", channelId: "CNONE", mentioned: true })).toEqual({
      kind: "no-team",
      channelId: "CNONE",
      mentioned: true,
    });
  });

  it("finds a team by its name, whatever the case, and says what was typed when no team has it", async () => {
    expect(await lookUp(byName("FORECASTING"))).toEqual({ kind: "found", channelId: "CFORE" });
    expect(await lookUp(byName("nothing"))).toEqual({ kind: "unknown", argument: "#nothing" });
  });

  it("asks for the channel when several teams share the name, listing their channels", async () => {
    expect(await lookUp(byName("twins"))).toEqual({
      kind: "ambiguous",
      argument: "#twins",
      channelIds: ["CTWIN1", "CTWIN2"],
    });
  });

  it("never finds another workspace's team, by channel or by name", async () => {
    expect(await lookUp({ by: "channel", channelId: "CHIDDEN", mentioned: true })).toMatchObject({
      kind: "no-team",
    });
    expect(await lookUp(byName("Hidden"))).toMatchObject({ kind: "unknown" });
    expect(await lookUp(byName("Hidden"), "T9")).toEqual({ kind: "found", channelId: "CHIDDEN" });
  });

  it("says a direct message is not a channel when nothing was named", async () => {
    expect(await lookUp(null)).toEqual({ kind: "not-a-channel" });
  });
});
