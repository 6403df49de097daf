// The exactly-once outbox. A message is claimed by inserting its key; only the inserter posts it, then
// records what happened. Batch statements use unnest so a tick's query count does not grow with its size.
import { type Kysely, sql } from "kysely";
import type { DeliveryRecord } from "../domain/delivery-policy.js";
import type { TeamPeriod } from "./schedule.js";
import type { Database, Delivery } from "./schema.js";

export interface DeliveryRef {
  key: string;
  /** The Slack workspace. */
  teamId: string;
  mlTeamId: number | null;
  kind: string;
  period: string;
}

/** Outbox rows of the given rounds (all kinds) and of the given extra keys. */
export async function loadDeliveries(
  db: Kysely<Database>,
  rounds: readonly TeamPeriod[],
  keys: readonly string[],
): Promise<DeliveryRecord[]> {
  // Two index lookups rather than one query with OR, which Postgres can only answer by a full scan.
  const [byRound, byKey] = await Promise.all([deliveriesOfRounds(db, rounds), deliveriesByKey(db, keys)]);
  const unique = new Map([...byRound, ...byKey].map((row) => [row.key, row]));
  return [...unique.values()].map((r) => ({
    key: r.key,
    status: r.status,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    finishedAt: r.finished_at,
    error: r.error,
  }));
}

const DELIVERY_COLUMNS = ["key", "status", "attempts", "claimed_at", "finished_at", "error"] as const;

type DeliveryRow = Pick<Delivery, (typeof DELIVERY_COLUMNS)[number]>;

async function deliveriesOfRounds(
  db: Kysely<Database>,
  rounds: readonly TeamPeriod[],
): Promise<DeliveryRow[]> {
  if (rounds.length === 0) return [];
  const ids = rounds.map((r) => r.mlTeamId);
  const periods = rounds.map((r) => r.period);
  const { rows } = await sql<DeliveryRow>`
    select d.key, d.status, d.attempts, d.claimed_at, d.finished_at, d.error
    from unnest(${ids}::int[], ${periods}::text[]) as r(ml_team_id, period)
    join deliveries d on d.ml_team_id = r.ml_team_id and d.period = r.period`.execute(db);
  return rows;
}

async function deliveriesByKey(db: Kysely<Database>, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom("deliveries")
    .select(DELIVERY_COLUMNS)
    .where((eb) => eb("key", "=", eb.fn.any(eb.val([...keys]))))
    .execute();
}

/** Inserts claims for keys nobody has claimed; returns the keys this caller won. */
export async function claimNew(
  db: Kysely<Database>,
  refs: readonly DeliveryRef[],
  at: Date,
): Promise<string[]> {
  return insertRows(db, refs, "claimed", at);
}

/** Records messages that will never be posted (stale, snoozed, nothing to say); returns the keys this caller wrote. */
export async function recordSkipped(
  db: Kysely<Database>,
  refs: readonly (DeliveryRef & { reason: string })[],
  at: Date,
): Promise<string[]> {
  return insertRows(db, refs, "skipped", at);
}

async function insertRows(
  db: Kysely<Database>,
  refs: readonly (DeliveryRef & { reason?: string })[],
  status: "claimed" | "skipped",
  at: Date,
): Promise<string[]> {
  if (refs.length === 0) return [];
  const finishedAt = status === "skipped" ? at : null;
  const rows = await db
    .insertInto("deliveries")
    .columns([
      "key",
      "team_id",
      "ml_team_id",
      "kind",
      "period",
      "error",
      "status",
      "attempts",
      "claimed_at",
      "finished_at",
    ])
    .expression(
      sql`select u.*, ${status}::text, 1, ${at}::timestamptz, ${finishedAt}::timestamptz
            from unnest(
              ${refs.map((r) => r.key)}::text[],
              ${refs.map((r) => r.teamId)}::text[],
              ${refs.map((r) => r.mlTeamId)}::int[],
              ${refs.map((r) => r.kind)}::text[],
              ${refs.map((r) => r.period)}::text[],
              ${refs.map((r) => r.reason ?? null)}::text[]
            ) as u`,
    )
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .execute();
  return rows.map((r) => r.key);
}

/**
 * Takes over claims that crashed or failed transiently. `attempts` is what the caller saw: a concurrent
 * caller that took the row first bumped it, so the second update matches nothing (optimistic locking).
 */
export async function reclaim(
  db: Kysely<Database>,
  seen: readonly { key: string; attempts: number }[],
  at: Date,
): Promise<string[]> {
  if (seen.length === 0) return [];
  const result = await sql<{ key: string }>`
    update deliveries as d
       set status = 'claimed', attempts = d.attempts + 1, claimed_at = ${at}::timestamptz,
           finished_at = null, error = null
      from unnest(${seen.map((s) => s.key)}::text[], ${seen.map((s) => s.attempts)}::int[]) as w(key, attempts)
     where d.key = w.key and d.attempts = w.attempts and d.status in ('claimed', 'failed')
    returning d.key`.execute(db);
  return result.rows.map((r) => r.key);
}

export interface Outcome {
  key: string;
  /** The attempt this outcome belongs to; a claim taken over since then is left alone. */
  attempt: number;
  status: "sent" | "failed";
  at: Date;
  channelId: string | null;
  messageTs: string | null;
  error: string | null;
}

/** Writes many outcomes in one statement. */
export async function recordOutcomes(db: Kysely<Database>, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    update deliveries as d
       set status = o.status, finished_at = o.finished_at, channel_id = o.channel_id,
           message_ts = o.message_ts, error = o.error
      from unnest(
        ${outcomes.map((o) => o.key)}::text[],
        ${outcomes.map((o) => o.attempt)}::int[],
        ${outcomes.map((o) => o.status)}::text[],
        ${outcomes.map((o) => o.at.toISOString())}::timestamptz[],
        ${outcomes.map((o) => o.channelId)}::text[],
        ${outcomes.map((o) => o.messageTs)}::text[],
        ${outcomes.map((o) => o.error)}::text[]
      ) as o(key, attempt, status, finished_at, channel_id, message_ts, error)
     where d.key = o.key and d.attempts = o.attempt and d.status = 'claimed'`.execute(db);
}

/** Gives claims back when the process stops before posting them, so the next tick retries at once. */
export async function releaseClaims(
  db: Kysely<Database>,
  claims: readonly { key: string; attempt: number }[],
  at: Date,
): Promise<void> {
  await recordOutcomes(
    db,
    claims.map((c) => ({
      key: c.key,
      attempt: c.attempt,
      status: "failed",
      at,
      channelId: null,
      messageTs: null,
      error: "interrupted",
    })),
  );
}
