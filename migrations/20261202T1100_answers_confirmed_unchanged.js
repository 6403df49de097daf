// @ts-check
import { sql } from "kysely";
// Frozen. An answer given with the "Nothing changed" button repeats the person's previous answer and says so:
// history and the answers export keep the mark. Null for every other answer (those before it included), so
// that reverting drops data only where marks exist, and `migrate --down` says so then.
/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .alterTable("answers")
    .addColumn("confirmed_unchanged", "boolean", (col) => col.check(sql`confirmed_unchanged`))
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("answers").dropColumn("confirmed_unchanged").execute();
}
