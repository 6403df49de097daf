// @ts-check
// Frozen. Installations of a distributed app (OAuth mode): one row per workspace install (keyed by its team id)
// or org-wide Enterprise Grid install (keyed by its enterprise id; it has no team). Tokens are stored encrypted
// (v1.<key id>.<iv>.<tag>.<ciphertext>, see src/db/token-cipher.ts), never in clear text.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("slack_installations")
    .addColumn("installation_id", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text")
    .addColumn("team_name", "text")
    .addColumn("enterprise_id", "text")
    .addColumn("enterprise_name", "text")
    .addColumn("enterprise_url", "text")
    .addColumn("is_enterprise_install", "boolean", (c) => c.notNull())
    .addColumn("app_id", "text")
    .addColumn("bot_token", "text", (c) => c.notNull().check(sql`bot_token like 'v1.%'`))
    .addColumn("bot_id", "text")
    .addColumn("bot_user_id", "text", (c) => c.notNull())
    .addColumn("bot_scopes", sql`text[]`, (c) => c.notNull())
    .addColumn("bot_refresh_token", "text", (c) => c.check(sql`bot_refresh_token like 'v1.%'`))
    .addColumn("bot_token_expires_at", "timestamptz")
    .addColumn("installer_user_id", "text", (c) => c.notNull())
    .addColumn("installed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "slack_installations_keyed",
      sql`(is_enterprise_install and enterprise_id is not null and installation_id = enterprise_id)
          or (not is_enterprise_install and team_id is not null and installation_id = team_id)`,
    )
    .execute();
  await db.schema
    .createIndex("slack_installations_enterprise")
    .on("slack_installations")
    .column("enterprise_id")
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable("slack_installations").execute();
}
