// @ts-check
// Frozen. How many respondents of a closed round were away by their Slack status (and got no reminder)
// without answering: the digest shows them as away, and a round everyone was away for is no missed check-in.
/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .alterTable("round_snapshots")
    .addColumn("away", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("round_snapshots").dropColumn("away").execute();
}
