import type { Kysely } from "kysely";
import { type LatestRound, latestRounds } from "./db/answers.js";
import type { Database, MlTeam } from "./db/schema.js";
import { listTeams, scheduleOf, type TeamWithLatestRound, teamsOfRespondent } from "./db/teams.js";
import { periodAt } from "./domain/calendar.js";
import { roundEvaluation, roundRecency, roundResult } from "./domain/round-result.js";
import type { HomeTeam } from "./slack/views/home.js";
import type { StatusInput } from "./slack/views/status.js";
import type { TeamLine } from "./slack/views/teams-list.js";

// A team's standing for /mlops status, /mlops teams and the App Home: a constant number of indexed
// queries whatever the number of teams, rounds or answers (status reads its one in findTeamWithLatestRound).

/** What /mlops status shows: the team's latest round with answers, the current one when it has any. */
export function statusOf({ team, respondentCount, latest }: TeamWithLatestRound, now: Date): StatusInput {
  return {
    team: { id: team.id, name: team.name, channelId: team.channel_id },
    respondentCount,
    round: latest
      ? { period: latest.period, recency: roundRecency(scheduleOf(team), latest.period, now) }
      : null,
    result: latest ? roundResult(latest.answers.map((a) => a.met)) : null,
  };
}

export async function loadTeamLines(db: Kysely<Database>, teamId: string): Promise<TeamLine[]> {
  const [teams, rounds] = await Promise.all([listTeams(db, teamId), latestRounds(db, teamId)]);
  return teams.map((team) => teamLine(team, rounds.get(team.id)));
}

/** The teams `userId` answers for, with whether they have answered each team's current round. */
export async function loadHomeTeams(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  now: Date,
): Promise<HomeTeam[]> {
  const teams = await teamsOfRespondent(db, teamId, userId);
  const rounds = await latestRounds(
    db,
    teamId,
    teams.map((t) => t.id),
  );
  return teams.map((team) => {
    const latest = rounds.get(team.id);
    const current = periodAt(scheduleOf(team), now);
    const answeredThisRound =
      latest !== undefined && latest.period >= current && latest.answers.some((a) => a.userId === userId);
    return { ...teamLine(team, latest), answeredThisRound };
  });
}

function teamLine(team: MlTeam, latest: LatestRound | undefined): TeamLine {
  const evaluation = latest ? roundEvaluation(latest.answers.map((a) => a.met)) : null;
  return {
    id: team.id,
    name: team.name,
    channelId: team.channel_id,
    level: evaluation?.level ?? null,
    next: evaluation?.next ?? null,
  };
}
