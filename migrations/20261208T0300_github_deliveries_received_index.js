// @ts-check
// Deliveries are remembered for a week (GitHub lets a delivery be redelivered for three days), then forgotten
// by the tick: this index keeps that a range scan however many deliveries a busy organisation sends.

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createIndex("github_deliveries_received_idx")
    .on("github_deliveries")
    .column("received_at")
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropIndex("github_deliveries_received_idx").execute();
}
