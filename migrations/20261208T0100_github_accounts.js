// @ts-check
// The GitHub accounts (users or organisations) whose repositories a workspace may link, as an operator allowed
// them (`npm run mlops -- evidence github --workspace T… --account …`). One GitHub App serves every workspace
// of a bot in OAuth mode: without this, any workspace could link any repository the App was installed on.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("github_accounts")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("allowed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("github_accounts_pkey", ["team_id", "account"])
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable("github_accounts").execute();
}
