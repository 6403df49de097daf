// @ts-check
// Frozen. A linked MLflow experiment or model is claimed before it is polled, so that of several replicas
// ticking at once only one polls it: claimed_at is the claim's start by the database's clock, cleared when the
// poll is recorded; a claim whose process stopped runs out after a lease and the source is due again.

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema.alterTable("mlflow_sources").addColumn("claimed_at", "timestamptz").execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("mlflow_sources").dropColumn("claimed_at").execute();
}
