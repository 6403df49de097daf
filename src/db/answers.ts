import { type Kysely, type QueryCreator, sql } from "kysely";
import type { StoredAnswer } from "../domain/not-applicable.js";
import { jsonb } from "./json.js";
import type { Answer, Database } from "./schema.js";

/** `met`: criterion ids, ladders already expanded; `notApplicable`: practice → reason. */
export interface AnswerInput extends StoredAnswer {
  mlTeamId: number;
  teamId: string;
  period: string;
  userId: string;
  note: string | null;
  /** Given with "Nothing changed". */
  confirmedUnchanged?: boolean;
}

/** One person's answer for one round; answering again in the same round replaces it. */
export async function saveAnswer(db: Kysely<Database>, answer: AnswerInput, now: Date): Promise<void> {
  await answerUpsert(db, answer, now).execute();
}

/** saveAnswer's statement, to run alone or as part of a larger one (db/checkins.ts). */
export function answerUpsert(db: QueryCreator<Database>, answer: AnswerInput, now: Date) {
  return answerRowUpsert(db, answerRow(answer, now));
}

/** An answer as the answers table stores it. */
export interface AnswerRow {
  ml_team_id: number;
  team_id: string;
  period: string;
  user_id: string;
  met: string[];
  /** Practice → reason, as JSON text; null: none. */
  not_applicable: string | null;
  note: string | null;
  confirmed_unchanged: true | null;
  submitted_at: Date;
}

export function answerRow(answer: AnswerInput, now: Date): AnswerRow {
  return {
    ml_team_id: answer.mlTeamId,
    team_id: answer.teamId,
    period: answer.period,
    user_id: answer.userId,
    met: [...answer.met],
    not_applicable: jsonb(answer.notApplicable),
    note: answer.note,
    confirmed_unchanged: answer.confirmedUnchanged ? true : null,
    submitted_at: now,
  };
}

/** The upsert of a row as it is: its fields are only ever values (a prepared statement passes placeholders). */
export function answerRowUpsert(db: QueryCreator<Database>, row: AnswerRow) {
  return db
    .insertInto("answers")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["ml_team_id", "period", "user_id"]).doUpdateSet({
        met: row.met,
        not_applicable: row.not_applicable,
        note: row.note,
        confirmed_unchanged: row.confirmed_unchanged,
        submitted_at: row.submitted_at,
      }),
    );
}

/** The person's most recent answer for the team, in any round (to pre-fill the check-in). */
export async function latestAnswerOf(
  db: Kysely<Database>,
  mlTeamId: number,
  userId: string,
): Promise<Answer | undefined> {
  return db
    .selectFrom("answers")
    .selectAll()
    .where("ml_team_id", "=", mlTeamId)
    .where("user_id", "=", userId)
    .orderBy("period", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface RoundAnswer extends StoredAnswer {
  userId: string;
}

export interface LatestRound {
  period: string;
  answers: RoundAnswer[];
}

export async function roundAnswers(
  db: Kysely<Database>,
  mlTeamId: number,
  period: string,
): Promise<RoundAnswer[]> {
  return db
    .selectFrom("answers")
    .select(["user_id as userId", "met", "not_applicable as notApplicable"])
    .where("ml_team_id", "=", mlTeamId)
    .where("period", "=", period)
    .orderBy("user_id")
    .execute();
}

/**
 * For every team of the workspace (or only `mlTeamIds`), the answers of its most recent round that has
 * any. One query: a lateral lookup walks the answers primary key backwards once per team.
 */
export async function latestRounds(
  db: Kysely<Database>,
  teamId: string,
  mlTeamIds?: readonly number[],
): Promise<Map<number, LatestRound>> {
  if (mlTeamIds?.length === 0) return new Map();
  let query = db
    .selectFrom("ml_teams as t")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("answers")
          .select("answers.period")
          .whereRef("answers.ml_team_id", "=", "t.id")
          .orderBy("answers.period", "desc")
          .limit(1)
          .as("latest"),
      (join) => join.onTrue(),
    )
    .innerJoin("answers as a", (join) =>
      join.onRef("a.ml_team_id", "=", "t.id").onRef("a.period", "=", "latest.period"),
    )
    // A joined string parses several times faster than a text[] when thousands of rows come back.
    .select([
      "t.id as mlTeamId",
      "a.period",
      "a.user_id as userId",
      sql<string>`array_to_string(a.met, ',')`.as("met"),
      "a.not_applicable as notApplicable",
    ])
    .where("t.team_id", "=", teamId);
  if (mlTeamIds) query = query.where("t.id", "in", mlTeamIds);
  const rows = await query.orderBy("t.id").orderBy("a.user_id").execute();
  return groupByTeam(rows);
}

/** Answer rows, in team order, as each team's latest round. */
export function groupByTeam(
  rows: readonly {
    mlTeamId: number;
    period: string;
    userId: string;
    met: string;
    notApplicable: Record<string, string> | null;
  }[],
): Map<number, LatestRound> {
  const rounds = new Map<number, LatestRound>();
  for (const { mlTeamId, period, userId, met, notApplicable } of rows) {
    let round = rounds.get(mlTeamId);
    if (!round) {
      round = { period, answers: [] };
      rounds.set(mlTeamId, round);
    }
    round.answers.push({ userId, met: splitMet(met), notApplicable });
  }
  return rounds;
}

/** A `met` list the query joined with commas (see latestRounds); null for a missing answer. */
export function splitMet(met: string | null): string[] {
  return met === null || met === "" ? [] : met.split(",");
}
