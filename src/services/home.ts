import { latestRounds } from "../db/answers.js";
import { recentClosedRounds } from "../db/snapshots.js";
import { scheduleOf, teamsOfRespondent } from "../db/teams.js";
import { addDays, periodAt } from "../domain/calendar.js";
import { type Mover, movesSince } from "../domain/org-digest.js";
import { LEVELS, type Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import type { Directory } from "./directory.js";
import { readThrough } from "./read-cache.js";
import { type TeamLine, teamLine, teamLines } from "./team-status.js";

/** Closed rounds with answers a team's trend shows on the Home tab. */
export const HOME_TREND_ROUNDS = 8;
/** Movers on an admin's Home tab: the teams whose level changed over this many weeks. */
export const MOVER_WEEKS = 4;

export interface HomeTeam extends TeamLine {
  /** Whether this person has answered the team's current round. */
  readonly answeredThisRound: boolean;
  /** Levels of its latest closed rounds with answers, oldest first. */
  readonly trend: readonly Level[];
}

/** The workspace at a glance, for its admins and owners. */
export interface OrgOverview {
  readonly teams: number;
  readonly perLevel: readonly number[];
  readonly unassessed: number;
  readonly movers: readonly Mover[];
}

export interface Home {
  readonly teams: readonly HomeTeam[];
  readonly overview: OrgOverview | null;
}

/** What a person's App Home shows: their teams, and for a workspace admin the organisation overview. */
export async function homeFor(
  ctx: ServiceContext,
  directory: Directory,
  teamId: string,
  userId: string,
): Promise<Home> {
  const [teams, person] = await Promise.all([homeTeams(ctx, teamId, userId), directory.lookUp(userId)]);
  const admin = person.ok && person.person.isAdmin;
  return { teams, overview: admin ? await orgOverview(ctx, teamId) : null };
}

/** The teams a person answers for, whether they answered each one's round, and each one's trend. */
export async function homeTeams(ctx: ServiceContext, teamId: string, userId: string): Promise<HomeTeam[]> {
  const { teams, rounds, history } = await readThrough(
    ctx.reads,
    teamId,
    `home ${userId}`,
    async () => {
      const teams = await teamsOfRespondent(ctx.db, teamId, userId);
      const ids = teams.map((t) => t.id);
      const [rounds, history] = await Promise.all([
        latestRounds(ctx.db, teamId, ids),
        recentClosedRounds(ctx.db, ids, HOME_TREND_ROUNDS * 2),
      ]);
      return { teams, rounds, history };
    },
    ({ teams }) => teams.map((t) => t.id),
  );
  const now = ctx.clock();
  return teams.map((team) => {
    const latest = rounds.get(team.id);
    const current = periodAt(scheduleOf(team), now);
    const answeredThisRound =
      latest !== undefined && latest.period >= current && latest.answers.some((a) => a.userId === userId);
    const trend = (history.get(team.id) ?? []).flatMap((r) => (r.level === null ? [] : [r.level]));
    return {
      ...teamLine(team, latest),
      answeredThisRound,
      trend: trend.slice(0, HOME_TREND_ROUNDS).reverse(),
    };
  });
}

/** Levels as `/mlops teams` gives them (each team's latest round with answers); movers from closed rounds. */
async function orgOverview(ctx: ServiceContext, teamId: string): Promise<OrgOverview> {
  const lines = await teamLines(ctx, teamId);
  const history = await readThrough(
    ctx.reads,
    teamId,
    "movers",
    () =>
      recentClosedRounds(
        ctx.db,
        lines.map((t) => t.id),
        MOVER_WEEKS * 2,
      ),
    () => "workspace",
  );
  const orgTeams = lines.map((t) => ({ ...t, history: history.get(t.id) ?? [] }));
  const since = addDays(ctx.clock().toISOString().slice(0, 10), -7 * MOVER_WEEKS);
  return {
    teams: lines.length,
    perLevel: LEVELS.map(({ level }) => lines.filter((t) => t.level === level).length),
    unassessed: lines.filter((t) => t.level === null).length,
    movers: movesSince(orgTeams, since),
  };
}
