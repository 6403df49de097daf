// @ts-check
import { sql } from "kysely";
// Frozen. How many respondents of a closed round were away by their Slack status (and got no reminder)
// without answering: the digest shows them as away, and a round everyone was away for is no missed check-in.
// Null when nobody was (every round before it included), so reverting drops data only where someone was away.
/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .alterTable("round_snapshots")
    .addColumn("away", "integer", (col) => col.check(sql`away > 0`))
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("round_snapshots").dropColumn("away").execute();
}
