// @ts-check
// Frozen. The read cache is gone (issue 19): replicas read what Postgres holds, so nothing listens on
// `mlops_reads` any more. This drops the change triggers of 20261202T1300_read_cache_notify and its functions;
// `down` puts them back the way that migration made them, on every table it would watch as the schema stands
// (the tables of the migrations in between too, which that migration asked to be watched).
import {
  up as createChangeNotifications,
  down as dropChangeNotifications,
} from "./20261202T1300_read_cache_notify.js";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await dropChangeNotifications(db);
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await createChangeNotifications(db);
}
