import type { Kysely, QueryCreator } from "kysely";
import type { Database } from "./schema.js";

export async function listRespondents(db: Kysely<Database>, mlTeamId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("team_respondents")
    .select("user_id")
    .where("ml_team_id", "=", mlTeamId)
    .orderBy("added_at")
    .orderBy("user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

export async function isRespondent(db: Kysely<Database>, mlTeamId: number, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("team_respondents")
    .select("user_id")
    .where("ml_team_id", "=", mlTeamId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Makes the team's respondents exactly `userIds`, keeping when each existing one was added. */
export async function replaceRespondents(
  db: Kysely<Database>,
  mlTeamId: number,
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  let removal = db.deleteFrom("team_respondents").where("ml_team_id", "=", mlTeamId);
  if (userIds.length > 0) removal = removal.where("user_id", "not in", userIds);
  await removal.execute();
  await addRespondents(db, mlTeamId, userIds, now);
}

/** Adds people who are not respondents yet; existing ones are left as they are. */
export async function addRespondents(
  db: Kysely<Database>,
  mlTeamId: number,
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await respondentsInsert(db, mlTeamId, userIds, now).execute();
}

/** addRespondents' statement (for at least one person), to run alone or as part of a larger one. */
export function respondentsInsert(
  db: QueryCreator<Database>,
  mlTeamId: number,
  userIds: readonly string[],
  now: Date,
) {
  return db
    .insertInto("team_respondents")
    .values(userIds.map((user_id) => ({ ml_team_id: mlTeamId, user_id, added_at: now })))
    .onConflict((oc) => oc.columns(["ml_team_id", "user_id"]).doNothing());
}
