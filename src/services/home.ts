import { latestRounds } from "../db/answers.js";
import { scheduleOf, teamsOfRespondent } from "../db/teams.js";
import { periodAt } from "../domain/calendar.js";
import type { ServiceContext } from "./context.js";
import { type TeamLine, teamLine } from "./team-status.js";

export interface HomeTeam extends TeamLine {
  /** Whether this person has answered the team's current round. */
  readonly answeredThisRound: boolean;
}

/** What a person's App Home shows: the teams they answer for, and whether they answered each one's round. */
export async function homeTeams(ctx: ServiceContext, teamId: string, userId: string): Promise<HomeTeam[]> {
  const teams = await teamsOfRespondent(ctx.db, teamId, userId);
  const rounds = await latestRounds(
    ctx.db,
    teamId,
    teams.map((t) => t.id),
  );
  const now = ctx.clock();
  return teams.map((team) => {
    const latest = rounds.get(team.id);
    const current = periodAt(scheduleOf(team), now);
    const answeredThisRound =
      latest !== undefined && latest.period >= current && latest.answers.some((a) => a.userId === userId);
    return { ...teamLine(team, latest), answeredThisRound };
  });
}
