import { ConfigError } from "./config.js";
import { isDatabaseUnavailable } from "./db/connect.js";
import { DataDirectoryInUseError } from "./db/directory-lock.js";
import { maskSecrets } from "./logger.js";
import { SlackStartupError } from "./slack/api/token-check.js";

/**
 * A plain sentence for start-up problems a person can fix (configuration, a database that cannot be
 * reached or refuses us, a data directory in use, a port taken, a refused Slack token); undefined for
 * anything else, which is a bug.
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
  return listenProblem(cause) ?? databaseProblem(error, cause, databaseUrl);
}

function listenProblem(error: unknown): string | undefined {
  const e = error as { syscall?: unknown; code?: unknown; port?: unknown } | null;
  if (e?.syscall !== "listen") return undefined;
  if (e.code === "EADDRINUSE") {
    return `Port ${String(e.port)} is already in use by another program: stop that program, or set PORT to a free port.`;
  }
  if (e.code === "EACCES") {
    return `Port ${String(e.port)} needs privileges this process does not have: set PORT to 1024 or above, such as 3000.`;
  }
  return undefined;
}

function databaseProblem(
  error: unknown,
  cause: unknown,
  databaseUrl: string | undefined,
): string | undefined {
  const where = databaseUrl ? maskSecrets(databaseUrl) : "the embedded database";
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (isDatabaseUnavailable(error) || isDatabaseUnavailable(cause)) {
    return `Could not reach the database at ${where} (${reason}). Check that Postgres is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`;
  }
  if (!databaseUrl) return undefined;
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === "3D000") {
    return `The database in DATABASE_URL does not exist (${where}): create it, e.g. with \`createdb ${databaseName(databaseUrl)}\`, or correct the name after the last / of DATABASE_URL.`;
  }
  if (code === "28P01") {
    return `Postgres refused the password of user ${JSON.stringify(databaseUser(databaseUrl))} in DATABASE_URL (${where}): put the right one in DATABASE_URL, as in postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode any @, : or / in it).`;
  }
  if (code === "28000" && /no PostgreSQL user name/i.test(reason)) {
    return `DATABASE_URL names no user (${where}): put one in it, as in postgres://USER:PASSWORD@HOST:5432/DATABASE.`;
  }
  if (code === "28000") {
    return `Postgres refused the user in DATABASE_URL (${where}: ${reason}): use a user that exists on that server, or create this one with CREATE ROLE … LOGIN.`;
  }
  return undefined;
}

function databaseUser(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).username);
  } catch {
    return "";
  }
}

function databaseName(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "mlops";
  } catch {
    return "mlops";
  }
}
