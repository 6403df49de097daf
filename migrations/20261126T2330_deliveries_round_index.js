// @ts-check
// Frozen. Each tick reads the outbox rows of the rounds it plans by (ml_team_id, period); without this
// index that read scans the whole, ever-growing table (1.3M rows in the benchmark: ~200 ms a minute).
/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createIndex("deliveries_round_idx")
    .on("deliveries")
    .columns(["ml_team_id", "period"])
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropIndex("deliveries_round_idx").execute();
}
