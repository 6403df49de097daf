// @ts-check
// Frozen. MLflow evidence (issue 20): each workspace's tracking server, set by an operator (`npm run mlops --
// evidence mlflow`), its token sealed like Slack's (src/db/token-cipher.ts, the workspace id as the owner);
// and what the poller keeps per linked experiment or registered model: how far it has read, when it last
// tried, and since when (and why) it has been failing. The links themselves belong to the evidence schema.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("mlflow_settings")
    .addColumn("workspace_id", "text", (c) => c.primaryKey())
    .addColumn("tracking_uri", "text", (c) => c.notNull().check(sql`tracking_uri ~ '^https?://'`))
    .addColumn("token", "text", (c) => c.check(sql`token like 'v1.%'`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("mlflow_sources")
    .addColumn("workspace_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('experiment', 'model')`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("read_until", "timestamptz")
    .addColumn("last_polled_at", "timestamptz")
    .addColumn("stale_since", "timestamptz")
    .addColumn("stale_reason", "text")
    .addPrimaryKeyConstraint("mlflow_sources_pkey", ["workspace_id", "kind", "name"])
    .addCheckConstraint("mlflow_sources_stale", sql`(stale_since is null) = (stale_reason is null)`)
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable("mlflow_sources").execute();
  await db.schema.dropTable("mlflow_settings").execute();
}
