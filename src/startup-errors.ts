import { ConfigError } from "./config.js";
import { isDatabaseUnavailable } from "./db/connect.js";
import { DataDirectoryInUseError } from "./db/directory-lock.js";
import { maskSecrets } from "./logger.js";
import { SlackStartupError } from "./slack/api/token-check.js";

/**
 * A plain sentence for start-up problems a person can fix (configuration, a database that cannot be
 * reached, a data directory in use, a refused Slack token); undefined for anything else, which is a bug.
 */
export function describeStartupError(error: unknown, databaseUrl: string | undefined): string | undefined {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirectoryInUseError ||
    error instanceof SlackStartupError
  ) {
    return error.message;
  }
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (isDatabaseUnavailable(error) || isDatabaseUnavailable(cause)) {
    const where = databaseUrl ? maskSecrets(databaseUrl) : "the embedded database";
    const reason = cause instanceof Error ? cause.message : String(cause);
    return `Could not reach the database at ${where} (${reason}). Check that Postgres is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`;
  }
  return undefined;
}
