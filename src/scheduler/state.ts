// Everything a tick reads before deciding: teams, digest settings, the outbox, closed rounds, respondents
// and answers, each for all teams of a slice at once.
import type { Kysely } from "kysely";
import { loadDeliveries } from "../db/deliveries.js";
import { digestWorkspaces, orgDigests } from "../db/digest.js";
import {
  type AnswerRow,
  loadRespondents,
  loadRoundAnswers,
  scheduledTeams,
  type TeamPeriod,
} from "../db/schedule.js";
import type { Database } from "../db/schema.js";
import { closedRoundOf, closedRounds, recentSnapshots } from "../db/snapshots.js";
import { isValidTimeZone, orgDigestWeek } from "../domain/calendar.js";
import type { ClosedRound } from "../domain/digest.js";
import {
  deliveryKeys,
  type Lookup,
  type ScheduledTeam,
  type TeamRounds,
  teamRounds,
} from "../domain/due-work.js";
import { groupBy } from "../domain/group-by.js";
import { type DigestWorkspace, digestOwner } from "../domain/org-digest.js";
import type { Logger } from "../logger.js";

export interface TeamWithRounds {
  readonly team: ScheduledTeam;
  readonly rounds: TeamRounds;
}

/** Every installed team with its rounds at `now`, and every digest to consider. */
export interface Schedule {
  readonly teams: readonly TeamWithRounds[];
  readonly workspaces: readonly DigestWorkspace[];
}

export async function loadSchedule(db: Kysely<Database>, now: Date, logger: Logger): Promise<Schedule> {
  const [scheduled, settings, orgSettings] = await Promise.all([
    scheduledTeams(db, now),
    digestWorkspaces(db),
    orgDigests(db),
  ]);
  const teams = scheduled.flatMap((team) => withRounds(team, now, logger));
  // users.info gave the zone; should Intl ever stop knowing it, the digest still goes out, in UTC.
  const zone = (timeZone: string) => (isValidTimeZone(timeZone) ? timeZone : "UTC");
  const workspaces: DigestWorkspace[] = [
    ...settings.map((s) => ({ teamId: s.teamId, channelId: s.channelId, timeZone: zone(s.timeZone) })),
    // Org-level digests go to a workspace that is still installed, over the org's installed workspaces.
    ...orgSettings
      .filter((o) => o.memberTeamIds.includes(o.teamId))
      .map((o) => ({
        teamId: o.teamId,
        channelId: o.channelId,
        timeZone: zone(o.timeZone),
        organisation: { enterpriseId: o.enterpriseId, memberTeamIds: o.memberTeamIds },
      })),
  ];
  return { teams, workspaces };
}

/**
 * The outbox and the closed rounds that the teams and digests of `schedule` (or of one slice of it) need,
 * read at once, and whether each team's previous round has its snapshot. `leaseSeconds`: claims older than
 * this, by the database's clock, were abandoned.
 */
export async function loadOutbox(
  db: Kysely<Database>,
  now: Date,
  { teams, workspaces }: Schedule,
  leaseSeconds: number,
): Promise<{ lookup: Lookup; isClosed: (mlTeamId: number, period: string) => boolean }> {
  const current = teams.map(({ team, rounds: r }) => ({ mlTeamId: team.id, period: r.current.period }));
  const keys = [
    ...teams.map(({ team, rounds: r }) => deliveryKeys.teamDigest(team.id, r.beforePrevious.period)),
    ...workspaces.map((w) => deliveryKeys.orgDigest(digestOwner(w), orgDigestWeek(w.timeZone, now).period)),
  ];
  const previous = teams.map(({ team, rounds: r }) => ({ mlTeamId: team.id, period: r.previous.period }));
  const [records, closed] = await Promise.all([
    loadDeliveries(db, [...current, ...previous], keys, leaseSeconds),
    closedRounds(db, previous),
  ]);
  const byKey = new Map(records.map((r) => [r.key, r]));
  return {
    lookup: (key) => byKey.get(key),
    isClosed: (mlTeamId, period) => closed.has(`${mlTeamId}:${period}`),
  };
}

/** A team whose stored schedule cannot be read (an unknown time zone) is logged and left out, alone. */
function withRounds(team: ScheduledTeam, now: Date, logger: Logger): TeamWithRounds[] {
  try {
    return [{ team, rounds: teamRounds(team.schedule, now) }];
  } catch (err) {
    logger.error(
      { err, mlTeamId: team.id, timeZone: team.schedule.timeZone },
      "team skipped: its schedule is invalid",
    );
    return [];
  }
}

export interface RoundData {
  respondents(mlTeamId: number): readonly string[];
  answers(mlTeamId: number, period: string): readonly AnswerRow[];
}

export async function loadRoundData(
  db: Kysely<Database>,
  teamsWithRespondents: readonly number[],
  rounds: readonly TeamPeriod[],
): Promise<RoundData> {
  const [respondentRows, answerRows] = await Promise.all([
    loadRespondents(db, [...new Set(teamsWithRespondents)]),
    loadRoundAnswers(db, rounds),
  ]);
  const respondents = groupBy(respondentRows, (r) => String(r.ml_team_id));
  const answers = groupBy(answerRows, (a) => `${a.ml_team_id}:${a.period}`);
  return {
    respondents: (mlTeamId) => (respondents.get(String(mlTeamId)) ?? []).map((r) => r.user_id),
    answers: (mlTeamId, period) => answers.get(`${mlTeamId}:${period}`) ?? [],
  };
}

/** Each team's latest closed rounds, newest first. */
export async function loadHistory(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
  perTeam: number,
): Promise<(mlTeamId: number) => readonly ClosedRound[]> {
  const rows = await recentSnapshots(db, [...new Set(mlTeamIds)], perTeam);
  const byTeam = groupBy(rows, (r) => String(r.ml_team_id));
  const history = new Map([...byTeam].map(([id, snapshots]) => [id, snapshots.map(closedRoundOf)]));
  return (mlTeamId) => history.get(String(mlTeamId)) ?? [];
}
