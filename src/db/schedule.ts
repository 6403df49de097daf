// Set-based reads for the scheduler: a constant number of queries per tick, however many teams there are.
import { type Kysely, sql } from "kysely";
import type { ScheduledTeam } from "../domain/due-work.js";
import { groupBy } from "../domain/group-by.js";
import type { Role } from "../domain/roles.js";
import type { Database, MlTeam } from "./schema.js";
import { scheduleOf } from "./teams.js";

type ScheduledTeamRow = Pick<
  MlTeam,
  | "id"
  | "team_id"
  | "channel_id"
  | "name"
  | "cadence"
  | "checkin_day"
  | "checkin_time"
  | "time_zone"
  | "created_at"
  | "paused_until"
>;

/** Every team of every workspace that still has the app installed. */
async function loadScheduledTeams(db: Kysely<Database>): Promise<ScheduledTeamRow[]> {
  return db
    .selectFrom("ml_teams as t")
    .innerJoin("workspaces as w", "w.team_id", "t.team_id")
    .select([
      "t.id",
      "t.team_id",
      "t.channel_id",
      "t.name",
      "t.cadence",
      "t.checkin_day",
      "t.checkin_time",
      "t.time_zone",
      "t.created_at",
      "t.paused_until",
    ])
    .where("w.uninstalled_at", "is", null)
    .orderBy("t.id")
    .execute();
}

/** Every team of every installed workspace, with the snoozes still running at `now`. */
export async function scheduledTeams(db: Kysely<Database>, now: Date): Promise<ScheduledTeam[]> {
  const [rows, snoozes] = await Promise.all([loadScheduledTeams(db), loadActiveSnoozes(db, now)]);
  const snoozed = groupBy(snoozes, (s) => String(s.ml_team_id));
  return rows.map((row) => ({
    id: row.id,
    teamId: row.team_id,
    channelId: row.channel_id,
    name: row.name,
    schedule: scheduleOf(row),
    createdAt: row.created_at,
    pausedUntil: row.paused_until,
    snoozedUntil: new Map((snoozed.get(String(row.id)) ?? []).map((s) => [s.kind, s.until])),
  }));
}

export interface SnoozeRow {
  ml_team_id: number;
  kind: string;
  until: Date;
}

export async function loadActiveSnoozes(db: Kysely<Database>, now: Date): Promise<SnoozeRow[]> {
  return db.selectFrom("snoozes").select(["ml_team_id", "kind", "until"]).where("until", ">", now).execute();
}

export async function loadRespondents(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
): Promise<{ ml_team_id: number; user_id: string }[]> {
  if (mlTeamIds.length === 0) return [];
  return db
    .selectFrom("team_respondents")
    .select(["ml_team_id", "user_id"])
    .where((eb) => eb("ml_team_id", "=", eb.fn.any(eb.val(mlTeamIds))))
    .orderBy("ml_team_id")
    .orderBy("added_at")
    .orderBy("user_id")
    .execute();
}

/** A team and one of its periods. */
export interface TeamPeriod {
  mlTeamId: number;
  period: string;
}

/** `(ml_team_id, period) in (…)` for many pairs as two array parameters. */
export function inTeamPeriods(pairs: readonly TeamPeriod[], alias = "") {
  const ids = pairs.map((p) => p.mlTeamId);
  const periods = pairs.map((p) => p.period);
  const prefix = alias ? sql.raw(`${alias}.`) : sql.raw("");
  return sql<boolean>`(${prefix}ml_team_id, ${prefix}period) in (select * from unnest(${ids}::int[], ${periods}::text[]))`;
}

export interface AnswerRow {
  ml_team_id: number;
  period: string;
  user_id: string;
  met: string[];
  not_applicable: Record<string, string> | null;
  role: Role | null;
}

/** An answer as loadRoundAnswers reads it: the fields of an AnswerRow, in order. */
type AnswerTuple = [number, string, string, string[], Record<string, string> | null, Role | null];

/** Each answer of the given rounds, with the role its author gave in the workspace. */
export async function loadRoundAnswers(
  db: Kysely<Database>,
  pairs: readonly TeamPeriod[],
): Promise<AnswerRow[]> {
  if (pairs.length === 0) return [];
  // All of them as one JSON value, which the driver parses natively: as rows, each of their fields is
  // a string cut out of the reply twice (PGlite's reader, then pg's), and an import of years of history
  // reads 200,000 of them (2.6 s of CPU of 3.8 on the embedded database, 0.4 s as JSON).
  const { answers } = await db
    .selectFrom("answers as a")
    .leftJoin("people as p", (join) =>
      join.onRef("p.team_id", "=", "a.team_id").onRef("p.user_id", "=", "a.user_id"),
    )
    .select(
      sql<
        AnswerTuple[] | null
      >`json_agg(json_build_array(a.ml_team_id, a.period, a.user_id, a.met, a.not_applicable, p.role))`.as(
        "answers",
      ),
    )
    .where(inTeamPeriods(pairs, "a"))
    .executeTakeFirstOrThrow();
  return (answers ?? []).map(([ml_team_id, period, user_id, met, not_applicable, role]) => ({
    ml_team_id,
    period,
    user_id,
    met,
    not_applicable,
    role,
  }));
}

/** Pauses a team of this workspace; false when the workspace has no such team. */
export async function pauseTeam(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
  until: Date,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("ml_teams")
    .set({ paused_until: until, updated_at: now })
    .where("team_id", "=", teamId)
    .where("id", "=", mlTeamId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a pause; returns when it would have ended, or null when the team was not paused. */
export async function resumeTeam(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
  now: Date,
): Promise<Date | null> {
  return db.transaction().execute(async (trx) => {
    const team = await trx
      .selectFrom("ml_teams")
      .select("paused_until")
      .where("team_id", "=", teamId)
      .where("id", "=", mlTeamId)
      .forUpdate()
      .executeTakeFirst();
    const until = team?.paused_until ?? null;
    if (until === null || until <= now) return null;
    await trx
      .updateTable("ml_teams")
      .set({ paused_until: null, updated_at: now })
      .where("id", "=", mlTeamId)
      .execute();
    return until;
  });
}
