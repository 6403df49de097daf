// What changed in the database, as the triggers of migration 20261202T1300_read_cache_notify tell it on the
// channel `mlops_reads` when a transaction commits, whoever wrote. On Postgres each process listens on one
// connection of its own (not from the pool); the embedded database, one process, tells in process.
import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Logger } from "../logger.js";

export const CHANGE_CHANNEL = "mlops_reads";

export type Change =
  /** Anything may have changed (a TRUNCATE, or a payload this code does not know). */
  | { readonly kind: "all" }
  /** Anything of the workspace: its teams, their respondents, people. */
  | { readonly kind: "workspace"; readonly workspace: string }
  /** One team's own rows (answers, snapshots). */
  | { readonly kind: "team"; readonly workspace: string; readonly mlTeamId: number };

/** A notification's payload, `*`, `<workspace>` or `<workspace>:<ml_team id>`, as a Change. */
export function parseChange(payload: string): Change {
  if (payload === "*" || payload === "") return { kind: "all" };
  const [workspace = "", team, ...rest] = payload.split(":");
  if (team === undefined) return { kind: "workspace", workspace };
  const mlTeamId = Number(team);
  // Unknown shapes mean more than this code can tell apart: the safe reading is "anything".
  if (rest.length > 0 || !Number.isSafeInteger(mlTeamId) || workspace === "") return { kind: "all" };
  return { kind: "team", workspace, mlTeamId };
}

/** Who hears about changes: each one, and whether they are being heard at all. */
export interface ChangeListener {
  changed(change: Change): void;
  /**
   * false as soon as changes may go unheard (the listening connection dropped or stopped answering); true once
   * listening again. Changes committed while it was false were lost.
   */
  listening(live: boolean): void;
}

export interface ChangeFeed {
  /** The listening connection's application_name on Postgres (tests find its backend by it). */
  readonly name: string;
  /**
   * Resolves once every change committed before the call has been told to the listener, or once the feed
   * has said it is not listening: a writer calls it to read its own writes through the cache.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Listens in process on an embedded database: its notifications arrive before the writing query returns. */
export async function embeddedChangeFeed(pglite: PGlite, listener: ChangeListener): Promise<ChangeFeed> {
  const unlisten = await pglite.listen(CHANGE_CHANNEL, (payload) => listener.changed(parseChange(payload)));
  listener.listening(true);
  return {
    name: "embedded",
    // In process, a change is told before the query that made it returns.
    settle: async () => {},
    stop: async () => {
      listener.listening(false);
      await unlisten().catch(() => {});
    },
  };
}

export interface PostgresFeedTiming {
  /** How often the listening connection is asked to answer (a silently dead one is noticed by it). */
  heartbeatMs: number;
  /** How long an answer may take before the connection counts as dead. */
  heartbeatTimeoutMs: number;
  /** First wait before listening again after a drop; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs: number;
  /** How long a writer waits for its change to be heard before the cache is emptied instead. */
  settleTimeoutMs: number;
}

const DEFAULT_TIMING: PostgresFeedTiming = {
  heartbeatMs: 1_000,
  heartbeatTimeoutMs: 2_000,
  retryMs: 100,
  maxRetryMs: 5_000,
  settleTimeoutMs: 500,
};

/**
 * LISTENs on a connection of its own, and keeps doing so: when the connection drops, or a heartbeat goes
 * unanswered, the listener hears `listening(false)` at once and the feed reconnects with backoff until LISTEN
 * succeeds again. A heartbeat answered also proves that every change committed before it was sent has been
 * heard (Postgres delivers pending notifications before it says it is ready for the next query).
 */
export function postgresChangeFeed(
  connectionString: string,
  listener: ChangeListener,
  logger: Logger,
  timing: PostgresFeedTiming = DEFAULT_TIMING,
): ChangeFeed {
  const name = `mlops_reads ${randomBytes(4).toString("hex")}`;
  let stopped = false;
  let client: pg.Client | undefined;
  let retryMs = timing.retryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let live = false;
  /** The listening connection's round trips, one at a time (pg will not queue them for us from v9). */
  let roundTrips: Promise<unknown> = Promise.resolve();
  const roundTrip = (connection: pg.Client): Promise<void> => {
    const next = roundTrips
      .then(() => connection.query("select 1"))
      .then(
        () => {},
        (err: unknown) => drop(connection, err),
      );
    roundTrips = next;
    return next;
  };

  const setLive = (value: boolean) => {
    if (live === value) return;
    live = value;
    listener.listening(value);
  };

  const drop = (connection: pg.Client, reason: unknown) => {
    if (client !== connection) return; // an older connection's late news
    client = undefined;
    clearInterval(heartbeat);
    setLive(false);
    connection.removeAllListeners("notification");
    connection.on("error", () => {}); // it may still report the error that ended it
    connection.end().catch(() => {});
    if (stopped) return;
    logger.warn(
      { err: reason, retryInMs: retryMs },
      "read cache: listening connection lost; reading from the database",
    );
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, timing.maxRetryMs);
  };

  const connect = async () => {
    if (stopped) return;
    const connection = new pg.Client({
      connectionString,
      application_name: name,
      keepAlive: true,
      connectionTimeoutMillis: timing.heartbeatTimeoutMs,
      query_timeout: timing.heartbeatTimeoutMs,
    });
    client = connection;
    connection.on("error", (err) => drop(connection, err));
    connection.on("end", () => drop(connection, new Error("connection ended")));
    connection.on("notification", (message) => {
      if (message.channel === CHANGE_CHANNEL) listener.changed(parseChange(message.payload ?? ""));
    });
    try {
      await connection.connect();
      await connection.query(`listen ${CHANGE_CHANNEL}`);
    } catch (err) {
      drop(connection, err);
      return;
    }
    if (client !== connection) return;
    if (stopped) {
      await connection.end().catch(() => {});
      return;
    }
    retryMs = timing.retryMs;
    setLive(true);
    logger.debug({ name }, "read cache: listening for changes");
    heartbeat = setInterval(() => void roundTrip(connection), timing.heartbeatMs);
    heartbeat.unref();
  };

  void connect();
  return {
    name,
    // Postgres sends the notifications pending for a connection before it answers the connection's next
    // query, so one round trip on the listening connection proves every earlier commit has been heard.
    settle: async () => {
      const connection = client;
      if (!connection || !live) return;
      // A connection that does not answer soon cannot prove anything: dropping it empties the cache.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          drop(connection, new Error("the listening connection did not answer within the settle timeout"));
          resolve();
        }, timing.settleTimeoutMs);
      });
      await Promise.race([roundTrip(connection), late]);
      clearTimeout(timer);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      const connection = client;
      client = undefined;
      setLive(false);
      if (connection) {
        connection.removeAllListeners();
        connection.on("error", () => {});
        await connection.end().catch(() => {});
      }
    },
  };
}
