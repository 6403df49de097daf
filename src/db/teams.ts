import { type Expression, type Kysely, sql } from "kysely";
import type { TeamSchedule } from "../domain/calendar.js";
import type { TeamSettings } from "../domain/team.js";
import type { LatestRound } from "./answers.js";
import { type EvidenceJson, evidenceOf, evidenceRowsOf, type TeamEvidenceRows } from "./evidence.js";
import { isNamed } from "./names.js";
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
  /** The most recent round that has answers; undefined when nobody has ever answered. */
  latest: LatestRound | undefined;
  /** What the team linked and what it sent since the evidence window began; null when it linked nothing. */
  evidence: TeamEvidenceRows | null;
}

/**
 * The team registered in a channel of this workspace with the answers of its latest round and, when it linked
 * anything, its evidence since `evidenceSince`, for /mlops status: one prepared statement, one row.
 */
export async function findTeamWithLatestRound(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  evidenceSince: Date,
): Promise<TeamWithLatestRound | undefined> {
  const [row] = await teamWithLatestAnswers(db, teamId, channelId, evidenceSince);
  if (!row) return undefined;
  const { id, name, channel_id, cadence, checkin_day, checkin_time, time_zone, period } = row;
  const answers = (row.answers ?? []).map(([userId, met, notApplicable]) => ({ userId, met, notApplicable }));
  return {
    team: { id, name, channel_id, cadence, checkin_day, checkin_time, time_zone },
    respondentCount: Number(row.respondentCount ?? 0),
    latest: period === null ? undefined : { period, answers },
    evidence: row.linked ? evidenceRowsOf(row as unknown as EvidenceJson) : null,
  };
}

type AnswerJson = [userId: string, met: string[], notApplicable: Record<string, string> | null];

const teamWithLatestAnswers = preparedQuery(
  "team_with_latest_answers",
  (db: Kysely<Database>, teamId: string, channelId: string, evidenceSince: Date) =>
    db
      .selectFrom("ml_teams as t")
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("team_respondents as r")
            .select(eb.fn.countAll<string>().as("respondentCount"))
            // Whether the team linked anything: the evidence columns are only worked out when it did.
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
      .select([
        "t.id",
        "t.name",
        "t.channel_id",
        "t.cadence",
        "t.checkin_day",
        "t.checkin_time",
        "t.time_zone",
      ])
      .select(["r.respondentCount", "r.linked", "latest.period"])
      // Worked out only for a team that linked something (a CASE evaluates the subqueries of its branch alone).
      .select((eb) => {
        const { links, policy, signals } = evidenceOf(eb, evidenceSince);
        const ifLinked = <T>(e: Expression<T>) => eb.case().when("r.linked", "=", true).then(e).end();
        return [ifLinked(links).as("links"), ifLinked(policy).as("policy"), ifLinked(signals).as("signals")];
      })
      // Each answer as [user, met, not applicable]: one row for the team, however many answered.
      .select(
        sql<AnswerJson[] | null>`(select json_agg(json_build_array(a.user_id, a.met, a.not_applicable))
          from answers a where a.ml_team_id = t.id and a.period = latest.period)`.as("answers"),
      )
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

/**
 * The team (by id, in this workspace), whether `userId` is one of its respondents, and whether its workspace's
 * evidence policy is strict: one query for a check-in.
 */
export async function findTeamForPerson(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
  userId: string,
): Promise<(MlTeam & { respondent: boolean; strict: boolean }) | undefined> {
  const [row] = await teamForPerson(db, teamId, mlTeamId, userId);
  return row && { ...row, respondent: Boolean(row.respondent), strict: Boolean(row.strict) };
}

/** Every column of ml_teams, by name: a prepared statement selects no `*` (prepared.ts). */
const TEAM_COLUMNS = [
  "id",
  "team_id",
  "enterprise_id",
  "channel_id",
  "name",
  "cadence",
  "checkin_day",
  "checkin_time",
  "time_zone",
  "created_by",
  "created_at",
  "updated_at",
  "paused_until",
] as const satisfies readonly (keyof MlTeam)[];

// Prepared: every check-in submission reads it, and kysely building it and Postgres planning it each time
// cost more than the read itself.
const teamForPerson = preparedQuery(
  "team_for_person",
  (db: Kysely<Database>, teamId: string, mlTeamId: number, userId: string) =>
    db
      .selectFrom("ml_teams")
      .select(TEAM_COLUMNS.map((c) => `ml_teams.${c}` as const))
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
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom("workspaces as w")
              .whereRef("w.team_id", "=", "ml_teams.team_id")
              .where("w.evidence_policy", "=", "strict"),
          )
          .as("strict"),
      )
      .where("ml_teams.team_id", "=", teamId)
      .where("ml_teams.id", "=", mlTeamId),
);

/** Teams of the workspace whose name matches, ignoring case (for `/mlops status ml-platform`). */
/** Enough teams of one name to show someone where they are, not a listing. */
const MAX_NAMESAKES = 5;

export async function findTeamsByName(db: Kysely<Database>, teamId: string, name: string): Promise<MlTeam[]> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where("team_id", "=", teamId)
    .where(isNamed(name))
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
