import type { Kysely } from "kysely";
import type { Config } from "./config.js";
import type { Database } from "./db/schema.js";
import type { Logger } from "./logger.js";

/** Everything a listener, job or command needs, built once in main.ts and passed down. */
export interface Deps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** The current instant; tests pass a fixed clock. */
  readonly clock: () => Date;
}
