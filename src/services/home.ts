import { latestRounds } from "../db/answers.js";
import { groupTeams, listGroups } from "../db/groups.js";
import type { MlTeam } from "../db/schema.js";
import { closedRoundOf, recentSnapshots } from "../db/snapshots.js";
import { listTeams, scheduleOf, teamsOfRespondent } from "../db/teams.js";
import { addDays, periodAt } from "../domain/calendar.js";
import { type ClosedRound, hasLevel } from "../domain/digest.js";
import { countedLevel, type Mover, movesSince } from "../domain/org-digest.js";
import { LEVELS, type Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import type { Directory } from "./directory.js";
import { rolledUpTeams, strictVerdicts } from "./strict-levels.js";
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

/** A group an admin can narrow the overview to. */
export interface HomeGroup {
  readonly id: number;
  readonly name: string;
}

/** The workspace at a glance, for its admins and owners; narrowed to one group when `group` is set. */
export interface OrgOverview {
  /** The workspace's groups, by name: the choices of the filter. */
  readonly groups: readonly HomeGroup[];
  /** The group shown, or null for every team of the workspace. */
  readonly group: HomeGroup | null;
  readonly teams: number;
  readonly perLevel: readonly number[];
  readonly unassessed: number;
  /** Teams whose level leaves out practices evidence disputes (strict evidence policy), counted in perLevel so. */
  readonly leftOut: number;
  readonly movers: readonly Mover[];
}

export interface Home {
  readonly teams: readonly HomeTeam[];
  readonly overview: OrgOverview | null;
}

/**
 * What a person's App Home shows: their teams, and for a workspace admin the organisation overview, of one
 * group when `groupId` names a group of this workspace (a group deleted meanwhile shows every team).
 */
export async function homeFor(
  ctx: ServiceContext,
  directory: Directory,
  teamId: string,
  userId: string,
  groupId: number | null = null,
): Promise<Home> {
  const [teams, person] = await Promise.all([homeTeams(ctx, teamId, userId), directory.lookUp(userId)]);
  const admin = person.ok && person.person.isAdmin;
  return { teams, overview: admin ? await orgOverview(ctx, teamId, groupId) : null };
}

/** The teams a person answers for, whether they answered each one's round, and each one's trend. */
export async function homeTeams(ctx: ServiceContext, teamId: string, userId: string): Promise<HomeTeam[]> {
  const teams = await teamsOfRespondent(ctx.db, teamId, userId);
  const ids = teams.map((t) => t.id);
  const [rounds, history, strict] = await Promise.all([
    latestRounds(ctx.db, teamId, ids),
    closedHistory(ctx, ids, HOME_TREND_ROUNDS * 2),
    strictVerdicts(ctx, teams),
  ]);
  const judged = new Map((await judgedTeams(ctx, teams, history)).map((t) => [t.id, t]));
  const now = ctx.clock();
  return teams.map((team) => {
    const latest = rounds.get(team.id);
    const current = periodAt(scheduleOf(team), now);
    const answeredThisRound =
      latest !== undefined && latest.period >= current && latest.answers.some((a) => a.userId === userId);
    const orgTeam = judged.get(team.id);
    const trend = orgTeam ? orgTeam.history.filter(hasLevel).map((r) => countedLevel(orgTeam, r)) : [];
    return {
      ...teamLine(team, latest, strict(team.id)),
      answeredThisRound,
      trend: trend.slice(0, HOME_TREND_ROUNDS).reverse(),
    };
  });
}

/** Levels as `/mlops teams` gives them (each team's latest round with answers); movers from closed rounds. */
async function orgOverview(
  ctx: ServiceContext,
  teamId: string,
  groupId: number | null,
): Promise<OrgOverview> {
  // The workspace's own groups filter its teams (an organisation's group spans other workspaces' teams).
  const [all, groups] = await Promise.all([
    teamLines(ctx, teamId),
    listGroups(ctx.db, { teamId, enterpriseId: null }),
  ]);
  const found = groups.find((g) => g.id === groupId);
  const group = found ? { id: found.id, name: found.name } : null;
  const members = group ? new Set((await groupTeams(ctx.db, group.id)).map((t) => t.id)) : null;
  const lines = members ? all.filter((t) => members.has(t.id)) : all;
  const history = await closedHistory(
    ctx,
    lines.map((t) => t.id),
    MOVER_WEEKS * 2,
  );
  const shown = new Set(lines.map((t) => t.id));
  const rows = (await listTeams(ctx.db, teamId)).filter((t) => shown.has(t.id));
  const orgTeams = await judgedTeams(ctx, rows, history);
  const since = addDays(ctx.clock().toISOString().slice(0, 10), -7 * MOVER_WEEKS);
  return {
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    group,
    teams: lines.length,
    perLevel: LEVELS.map(({ level }) => lines.filter((t) => t.level === level).length),
    unassessed: lines.filter((t) => t.level === null).length,
    leftOut: lines.filter((t) => t.leftOut.length > 0).length,
    movers: movesSince(orgTeams, since),
  };
}

/** Teams with their closed rounds as the workspace's evidence policy counts them (strict-levels.ts). */
function judgedTeams(ctx: ServiceContext, teams: readonly MlTeam[], history: Map<number, ClosedRound[]>) {
  return rolledUpTeams(
    ctx,
    teams.map((t) => ({ ...t, channelId: t.channel_id })),
    history,
  );
}

async function closedHistory(
  ctx: ServiceContext,
  ids: readonly number[],
  perTeam: number,
): Promise<Map<number, ClosedRound[]>> {
  const rows = await recentSnapshots(ctx.db, ids, perTeam);
  const byTeam = new Map<number, ClosedRound[]>();
  for (const row of rows)
    byTeam.set(row.ml_team_id, [...(byTeam.get(row.ml_team_id) ?? []), closedRoundOf(row)]);
  return byTeam;
}
