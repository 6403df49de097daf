// A tick works through the organisation a slice at a time, so that beyond every team's schedule it holds
// one slice's rows and messages: 20,000 teams at once held 1.5 GB of them (npm run bench:large-tick).
import type { DigestWorkspace } from "../domain/org-digest.js";
import type { Schedule, TeamWithRounds } from "./state.js";

/** Teams a slice holds: each slice costs the same handful of statements, whatever its size. */
export const TEAMS_PER_CHUNK = 500;

interface Slice {
  teams: TeamWithRounds[];
  workspaces: DigestWorkspace[];
}

/**
 * Slices of `schedule` of at most about `maxTeams` teams, in their order. A workspace's teams stay in one
 * slice with its digest, and all the workspaces an org digest covers stay in the slice of that digest, so
 * every digest sees every team it covers; such a group larger than `maxTeams` is a slice of its own.
 */
export function tickChunks(schedule: Schedule, maxTeams: number = TEAMS_PER_CHUNK): Schedule[] {
  // An org digest covers one organisation's workspaces, and a workspace belongs to one organisation.
  const orgOf = new Map(
    schedule.workspaces.flatMap((w) => (w.organisation?.memberTeamIds ?? []).map((m) => [m, w.teamId])),
  );
  const groups = new Map<string, Slice>();
  const group = (teamId: string): Slice => {
    const key = orgOf.get(teamId) ?? teamId;
    const found = groups.get(key) ?? { teams: [], workspaces: [] };
    groups.set(key, found);
    return found;
  };
  for (const team of schedule.teams) group(team.team.teamId).teams.push(team);
  for (const workspace of schedule.workspaces) group(workspace.teamId).workspaces.push(workspace);
  const slices: Slice[] = [];
  let current: Slice = { teams: [], workspaces: [] };
  for (const next of groups.values()) {
    if (current.teams.length > 0 && current.teams.length + next.teams.length > maxTeams) {
      slices.push(current);
      current = { teams: [], workspaces: [] };
    }
    current.teams.push(...next.teams);
    current.workspaces.push(...next.workspaces);
  }
  if (current.teams.length > 0 || current.workspaces.length > 0) slices.push(current);
  return slices;
}
