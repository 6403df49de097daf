import { describe, expect, it } from "vitest";
import { teamRounds } from "../../src/domain/due-work.js";
import type { DigestWorkspace } from "../../src/domain/org-digest.js";
import { tickChunks } from "../../src/scheduler/chunks.js";
import type { TeamWithRounds } from "../../src/scheduler/state.js";

const NOW = new Date("2026-03-30T12:00:00Z");
const SCHEDULE = { cadence: "weekly", checkinDay: 1, checkinTime: "10:00", timeZone: "UTC" } as const;

function team(id: number, teamId: string): TeamWithRounds {
  const scheduled = {
    id,
    teamId,
    channelId: `C${id}`,
    name: `team ${id}`,
    schedule: SCHEDULE,
    createdAt: new Date("2026-03-01T00:00:00Z"),
    pausedUntil: null,
    snoozedUntil: new Map(),
  };
  return { team: scheduled, rounds: teamRounds(SCHEDULE, NOW) };
}

const digest = (teamId: string, memberTeamIds?: string[]): DigestWorkspace => ({
  teamId,
  channelId: `CD${teamId}`,
  timeZone: "UTC",
  ...(memberTeamIds ? { organisation: { enterpriseId: "E1", memberTeamIds } } : {}),
});

const shape = (chunks: ReturnType<typeof tickChunks>) =>
  chunks.map((c) => ({
    teams: c.teams.map((t) => t.team.id),
    digests: c.workspaces.map((w) => w.channelId),
  }));

describe("tickChunks", () => {
  it("fills slices up to the size with whole workspaces, each with its own digest", () => {
    const teams = [team(1, "TA"), team(2, "TA"), team(3, "TB"), team(4, "TC"), team(5, "TC")];
    expect(shape(tickChunks({ teams, workspaces: [digest("TC"), digest("TA")] }, 3))).toEqual([
      { teams: [1, 2, 3], digests: ["CDTA"] },
      { teams: [4, 5], digests: ["CDTC"] },
    ]);
  });

  it("keeps every workspace an org digest covers in the digest's slice, even past the size", () => {
    const teams = [team(1, "TA"), team(2, "TB"), team(3, "TC"), team(4, "TD")];
    const org = digest("TD", ["TA", "TC", "TD"]);
    expect(shape(tickChunks({ teams, workspaces: [org] }, 1))).toEqual([
      { teams: [1, 3, 4], digests: ["CDTD"] },
      { teams: [2], digests: [] },
    ]);
  });

  it("gives a slice to digests with no teams, and nothing at all to an empty organisation", () => {
    expect(shape(tickChunks({ teams: [], workspaces: [digest("TA")] }, 10))).toEqual([
      { teams: [], digests: ["CDTA"] },
    ]);
    expect(tickChunks({ teams: [], workspaces: [] }, 10)).toEqual([]);
  });
});
