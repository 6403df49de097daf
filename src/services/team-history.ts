// `/mlops history`: a team's closed rounds turned into its history, for anyone in the workspace.
import { teamClosedRounds } from "../db/snapshots.js";
import { findTeamByChannel } from "../db/teams.js";
import { type TeamHistory, teamHistory } from "../domain/history.js";
import type { ServiceContext } from "./context.js";
import { lookUpTeam, mapFound, type TeamQuery, type TeamReference } from "./team-lookup.js";

export interface HistoryReport {
  readonly team: { readonly id: number; readonly name: string; readonly channelId: string };
  readonly history: TeamHistory;
}

/** The history of the team `query` means, only ever in workspace `teamId`. */
export async function teamHistoryReport(
  ctx: ServiceContext,
  teamId: string,
  query: TeamQuery,
): Promise<TeamReference<HistoryReport>> {
  const reference = await lookUpTeam(ctx.db, teamId, query, findTeamByChannel);
  return mapFound(reference, async (team) => ({
    team: { id: team.id, name: team.name, channelId: team.channel_id },
    history: teamHistory(await teamClosedRounds(ctx.db, team.id)),
  }));
}
