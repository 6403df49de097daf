// @ts-check
// Frozen. Tokens for the read API and the MCP endpoint: only a SHA-256 of each is kept. A token reads one
// workspace (scope_kind "workspace", scope_id T…) or one Enterprise Grid organisation ("org", E…).
// Revoking keeps the row (so `api-token list` still shows it) and frees its label for a new token.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("scope_kind", "text", (c) => c.notNull().check(sql`scope_kind in ('workspace', 'org')`))
    .addColumn("scope_id", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await sql`create unique index api_tokens_label_idx on api_tokens (label) where revoked_at is null`.execute(
    db,
  );
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.dropTable("api_tokens").execute();
}
