import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

/** What every use case needs: the database and the current instant (tests pass a fixed clock). */
export interface ServiceContext {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
}
