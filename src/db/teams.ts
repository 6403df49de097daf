import type { Kysely } from "kysely";
import type { TeamSchedule } from "../domain/calendar.js";
import type { Weekday } from "../domain/zoned-time.js";
import type { CadenceColumn, Database, MlTeam } from "./schema.js";

/** What the setup modal edits. */
export interface TeamSettings {
  name: string;
  cadence: CadenceColumn;
  checkinDay: Weekday;
  checkinTime: string;
  timeZone: string;
}

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

/** Teams of the workspace whose name matches, ignoring case (for `/mlops status ml-platform`). */
export async function findTeamsByName(db: Kysely<Database>, teamId: string, name: string): Promise<MlTeam[]> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where("team_id", "=", teamId)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()))
    .orderBy("id")
    .limit(2)
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
      enterprise_id: eb.fn.coalesce(eb.val(change.enterpriseId), "enterprise_id"),
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

export function scheduleOf(team: MlTeam): TeamSchedule {
  return {
    cadence: team.cadence,
    checkinDay: team.checkin_day as Weekday,
    checkinTime: team.checkin_time,
    timeZone: team.time_zone,
  };
}
