import { type Kysely, sql } from "kysely";
import type { TeamSchedule } from "../domain/calendar.js";
import type { TeamSettings } from "../domain/team.js";
import { type LatestRound, splitMet } from "./answers.js";
import { preparedQuery } from "./prepared.js";
import type { Database, MlTeam } from "./schema.js";

export interface NewTeam {
  teamId: string;
  enterpriseId: string | null;
  channelId: string;
  createdBy: string;
  settings: TeamSettings;
}

export type TeamWithRespondents = MlTeam & { respondentCount: number };

/** The team registered in a channel of this workspace (unique per (team_id, channel_id)). */
export async function findTeamByChannel(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<TeamWithRespondents | undefined> {
  return db
    .selectFrom("ml_teams")
    .selectAll("ml_teams")
    .select((eb) =>
      eb
        .selectFrom("team_respondents")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("team_respondents.ml_team_id", "=", "ml_teams.id")
        .as("respondentCount"),
    )
    .where("team_id", "=", teamId)
    .where("channel_id", "=", channelId)
    .executeTakeFirst()
    .then((row) => row && { ...row, respondentCount: Number(row.respondentCount ?? 0) });
}

/** What /mlops status shows of a team, without the columns it does not need. */
export type TeamSummary = Pick<
  MlTeam,
  "id" | "name" | "channel_id" | "cadence" | "checkin_day" | "checkin_time" | "time_zone"
>;

export interface TeamWithLatestRound {
  team: TeamSummary;
  respondentCount: number;
  /** Whether the team linked a repository, experiment or model (only then has it evidence to read). */
  linked: boolean;
  /** The most recent round that has answers; undefined when nobody has ever answered. */
  latest: LatestRound | undefined;
}

/**
 * The team registered in a channel of this workspace with the answers of its latest round, for
 * /mlops status: one prepared statement, one row per answer (or one without an answer).
 */
export async function findTeamWithLatestRound(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<TeamWithLatestRound | undefined> {
  const rows = await teamWithLatestAnswers(db, teamId, channelId);
  const first = rows[0];
  if (!first) return undefined;
  const {
    id,
    name,
    channel_id,
    cadence,
    checkin_day,
    checkin_time,
    time_zone,
    respondentCount,
    linked,
    period,
  } = first;
  const answers = rows.flatMap(({ userId, met, notApplicable }) =>
    userId === null ? [] : [{ userId, met: splitMet(met), notApplicable }],
  );
  return {
    team: { id, name, channel_id, cadence, checkin_day, checkin_time, time_zone },
    respondentCount: Number(respondentCount ?? 0),
    linked: Boolean(linked),
    latest: period === null ? undefined : { period, answers },
  };
}

// Answers come in no particular order: status only aggregates them.
const teamWithLatestAnswers = preparedQuery(
  "team_with_latest_answers",
  (db: Kysely<Database>, teamId: string, channelId: string) =>
    db
      .selectFrom("ml_teams as t")
      // Joined rather than selected, so that it is counted once per team and not once per answer.
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("team_respondents as r")
            .select(eb.fn.countAll<string>().as("respondentCount"))
            // Whether the team linked anything: a team without links needs no evidence query.
            .select((eb) =>
              eb
                .exists(eb.selectFrom("evidence_links as l").whereRef("l.ml_team_id", "=", "t.id"))
                .as("linked"),
            )
            .whereRef("r.ml_team_id", "=", "t.id")
            .as("r"),
        (join) => join.onTrue(),
      )
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("answers")
            .select("answers.period")
            .whereRef("answers.ml_team_id", "=", "t.id")
            .orderBy("answers.period", "desc")
            // A literal: as a parameter, the generic plan could not count on one row and Postgres would plan every call.
            .limit(sql.lit(1))
            .as("latest"),
        (join) => join.onTrue(),
      )
      .leftJoin("answers as a", (join) =>
        join.onRef("a.ml_team_id", "=", "t.id").onRef("a.period", "=", "latest.period"),
      )
      .select([
        "t.id",
        "t.name",
        "t.channel_id",
        "t.cadence",
        "t.checkin_day",
        "t.checkin_time",
        "t.time_zone",
      ])
      .select([
        "r.respondentCount",
        "r.linked",
        "latest.period",
        "a.user_id as userId",
        sql<string | null>`array_to_string(a.met, ',')`.as("met"),
        "a.not_applicable as notApplicable",
      ])
      .where("t.team_id", "=", teamId)
      .where("t.channel_id", "=", channelId),
);

/** A team by id, but only when it belongs to the workspace asking. */
export async function findTeamById(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
): Promise<MlTeam | undefined> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where("team_id", "=", teamId)
    .where("id", "=", mlTeamId)
    .executeTakeFirst();
}

/** The team (by id, in this workspace) and whether `userId` is one of its respondents: one query for a check-in. */
export async function findTeamForPerson(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
  userId: string,
): Promise<(MlTeam & { respondent: boolean }) | undefined> {
  const row = await db
    .selectFrom("ml_teams")
    .selectAll("ml_teams")
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("team_respondents as r")
            .whereRef("r.ml_team_id", "=", "ml_teams.id")
            .where("r.user_id", "=", userId),
        )
        .as("respondent"),
    )
    .where("team_id", "=", teamId)
    .where("id", "=", mlTeamId)
    .executeTakeFirst();
  return row && { ...row, respondent: Boolean(row.respondent) };
}

/** Teams of the workspace whose name matches, ignoring case (for `/mlops status ml-platform`). */
/** Enough teams of one name to show someone where they are, not a listing. */
const MAX_NAMESAKES = 5;

export async function findTeamsByName(db: Kysely<Database>, teamId: string, name: string): Promise<MlTeam[]> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where("team_id", "=", teamId)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .orderBy("id")
    .limit(MAX_NAMESAKES)
    .execute();
}

export async function listTeams(db: Kysely<Database>, teamId: string): Promise<MlTeam[]> {
  return db.selectFrom("ml_teams").selectAll().where("team_id", "=", teamId).orderBy("id").execute();
}

/** Teams of the workspace that `userId` answers for. */
export async function teamsOfRespondent(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<MlTeam[]> {
  return db
    .selectFrom("ml_teams")
    .innerJoin("team_respondents as r", "r.ml_team_id", "ml_teams.id")
    .selectAll("ml_teams")
    .where("ml_teams.team_id", "=", teamId)
    .where("r.user_id", "=", userId)
    .orderBy("ml_teams.name")
    .execute();
}

/** Inserts the team; undefined when the channel already has one (someone set it up meanwhile). */
export async function createTeam(
  db: Kysely<Database>,
  team: NewTeam,
  now: Date,
): Promise<MlTeam | undefined> {
  return db
    .insertInto("ml_teams")
    .values({
      team_id: team.teamId,
      enterprise_id: team.enterpriseId,
      channel_id: team.channelId,
      created_by: team.createdBy,
      created_at: now,
      updated_at: now,
      ...settingsColumns(team.settings),
    })
    .onConflict((oc) => oc.columns(["team_id", "channel_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateTeam(
  db: Kysely<Database>,
  mlTeamId: number,
  change: { settings: TeamSettings; enterpriseId: string | null },
  now: Date,
): Promise<MlTeam> {
  return db
    .updateTable("ml_teams")
    .set((eb) => ({
      ...settingsColumns(change.settings),
      // A stored organisation stays: it was checked against Slack's answer when first written.
      enterprise_id: eb.fn.coalesce("enterprise_id", eb.val(change.enterpriseId)),
      updated_at: now,
    }))
    .where("id", "=", mlTeamId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

function settingsColumns(settings: TeamSettings) {
  return {
    name: settings.name,
    cadence: settings.cadence,
    checkin_day: settings.checkinDay,
    checkin_time: settings.checkinTime,
    time_zone: settings.timeZone,
  };
}

type ScheduleColumns = Pick<MlTeam, "cadence" | "checkin_day" | "checkin_time" | "time_zone">;

/** The one mapping from a team row's columns to its schedule. */
export function scheduleOf(team: ScheduleColumns): TeamSchedule {
  return {
    cadence: team.cadence,
    checkinDay: team.checkin_day,
    checkinTime: team.checkin_time,
    timeZone: team.time_zone,
  };
}
