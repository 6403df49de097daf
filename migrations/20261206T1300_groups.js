// @ts-check
// Frozen. Groups of ML teams (a tribe, a domain, a department) within a workspace: names unique per workspace
// whatever their case; a team may be in several groups; both go when the workspace or the team goes.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("ml_groups")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("team_id", "text", (c) => c.notNull().references("workspaces.team_id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index ml_groups_name_idx on ml_groups (team_id, lower(name))`.execute(db);
  await db.schema
    .createTable("ml_group_teams")
    .addColumn("group_id", "integer", (c) => c.notNull().references("ml_groups.id").onDelete("cascade"))
    .addColumn("ml_team_id", "integer", (c) => c.notNull().references("ml_teams.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("ml_group_teams_pkey", ["group_id", "ml_team_id"])
    .execute();
  await db.schema.createIndex("ml_group_teams_team_idx").on("ml_group_teams").column("ml_team_id").execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable("ml_group_teams").execute();
  await db.schema.dropTable("ml_groups").execute();
}
