// @ts-check
// Groups across the workspaces of an Enterprise Grid organisation (issue 21): a group an org admin creates
// through the org-wide install belongs to the organisation (`enterprise_id`) and may hold teams of any of its
// workspaces; `team_id` stays the workspace it was created in. Organisation groups' names are unique in
// their organisation whatever their case, as workspace groups' are in their workspace.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema.alterTable("ml_groups").addColumn("enterprise_id", "text").execute();
  await sql`create unique index ml_groups_org_name_idx on ml_groups (enterprise_id, lower(name))
    where enterprise_id is not null`.execute(db);
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  // An organisation's groups cannot be told from a workspace's without the column: they go with it.
  await sql`delete from ml_groups where enterprise_id is not null`.execute(db);
  await sql`drop index ml_groups_org_name_idx`.execute(db);
  await db.schema.alterTable("ml_groups").dropColumn("enterprise_id").execute();
}
