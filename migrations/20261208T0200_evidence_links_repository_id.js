// @ts-check
// GitHub's id of a linked repository, learnt from its first webhook: a repository renamed or transferred keeps
// its id, so its deliveries (which carry the new name) still reach the teams that linked it by the old one.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema.alterTable("evidence_links").addColumn("github_repository_id", "bigint").execute();
  await sql`create index evidence_links_github_repository_idx on evidence_links (github_repository_id)
    where github_repository_id is not null`.execute(db);
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("evidence_links").dropColumn("github_repository_id").execute();
}
