// What the bot stored, read back for assertions.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.js";

/** The ML team registered in a channel, if any. */
export async function teamIn(db: Kysely<Database>, channelId: string) {
  return db.selectFrom("ml_teams").selectAll().where("channel_id", "=", channelId).executeTakeFirst();
}

/** A team's respondents, sorted. */
export async function respondentsOf(db: Kysely<Database>, mlTeamId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("team_respondents")
    .select("user_id")
    .where("ml_team_id", "=", mlTeamId)
    .orderBy("user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

/** How many answers are stored, in all teams. */
export async function answerCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("answers")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The id of the team registered in a channel; there must be one. */
export async function teamIdIn(db: Kysely<Database>, channelId: string): Promise<number> {
  const team = await teamIn(db, channelId);
  if (!team) throw new Error(`no ML team is registered in ${channelId}`);
  return team.id;
}

/** Every stored row, table by table, in a stable order: equal before and after means nothing changed. */
export async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  // Every table there is, so that one added later is watched too (kysely's own bookkeeping aside).
  const { rows: tables } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely\\_%' order by 1`.execute(db);
  const everything: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    everything[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return everything;
}
