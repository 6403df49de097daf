// @ts-check
// Frozen. Evidence behind the answers (issue 20): what each team linked (GitHub repositories with their
// options, MLflow experiments and registered models), the signals its systems sent (each stored once per
// workspace, source, kind, subject and external id, so a redelivery or a backfill of the same run adds
// nothing), the GitHub deliveries already seen, and each workspace's evidence policy.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("evidence_links")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("subject_kind", "text", (c) =>
      c.notNull().check(sql`subject_kind in ('repository', 'experiment', 'model')`),
    )
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("model", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("training_workflow", "text")
    .addColumn("deploy_environment", "text")
    .addColumn("scoring_path", "text")
    .addColumn("linked_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("evidence_links_team_subject", ["ml_team_id", "subject_kind", "subject"])
    .execute();
  // A webhook names a repository: which workspaces linked it.
  await db.schema
    .createIndex("evidence_links_subject_idx")
    .on("evidence_links")
    .columns(["subject_kind", "subject", "team_id"])
    .execute();

  await db.schema
    .createTable("evidence_signals")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("team_id", "text", (c) => c.notNull().references("workspaces.team_id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_kind", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("facts", "jsonb", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("evidence_signals_once", ["team_id", "source", "kind", "subject", "external_id"])
    .execute();
  // A team's signals of the last 28 days, by subject.
  await db.schema
    .createIndex("evidence_signals_subject_time_idx")
    .on("evidence_signals")
    .columns(["team_id", "subject_kind", "subject", "occurred_at"])
    .execute();

  await db.schema
    .createTable("github_deliveries")
    .addColumn("delivery_id", "text", (c) => c.primaryKey())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("workspaces")
    // Null is the default policy, "shown": only a workspace that chose "strict" holds a value, so reverting
    // this migration drops nothing anyone set unless some workspace did.
    .addColumn("evidence_policy", "text", (c) => c.check(sql`evidence_policy = 'strict'`))
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("workspaces").dropColumn("evidence_policy").execute();
  await db.schema.dropTable("github_deliveries").execute();
  await db.schema.dropTable("evidence_signals").execute();
  await db.schema.dropTable("evidence_links").execute();
}
