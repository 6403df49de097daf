// @ts-check
// Frozen. A delivery whose first try may have reached Slack, and whose channel history could not be read to
// find out, is `uncertain`: never posted again by the scheduler, and shown to operators. The status CHECK
// lives in the initial migration, so it is replaced here rather than edited there.
import { sql } from "kysely";

const CONSTRAINT = "deliveries_status_check";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await sql`alter table deliveries drop constraint ${sql.id(CONSTRAINT)}`.execute(db);
  await sql`alter table deliveries add constraint ${sql.id(CONSTRAINT)}
    check (status in ('claimed', 'sent', 'failed', 'skipped', 'uncertain'))`.execute(db);
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  // The old constraint cannot hold uncertain rows. As failed with an error the old code calls permanent, they
  // are still never posted again (as claimed they would be taken over and posted: the duplicate avoided here).
  await sql`update deliveries set status = 'failed', error = 'uncertain: ' || coalesce(error, 'unknown')
             where status = 'uncertain'`.execute(db);
  await sql`alter table deliveries drop constraint ${sql.id(CONSTRAINT)}`.execute(db);
  await sql`alter table deliveries add constraint ${sql.id(CONSTRAINT)}
    check (status in ('claimed', 'sent', 'failed', 'skipped'))`.execute(db);
}
