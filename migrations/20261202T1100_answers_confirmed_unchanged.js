// @ts-check
// Frozen. An answer given with the "Nothing changed" button repeats the person's previous answer and says so:
// history and the answers export keep the mark. Answers given before it are ordinary answers (false).
/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await db.schema
    .alterTable("answers")
    .addColumn("confirmed_unchanged", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await db.schema.alterTable("answers").dropColumn("confirmed_unchanged").execute();
}
