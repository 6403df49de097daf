// The exactly-once outbox. A message is claimed by inserting its key; only the inserter posts it, then
// records what happened. A claim is a lease that runs on the database's clock (now()), never on a process's,
// so `tick --at` and a replica whose clock is wrong cannot take over a claim that is still being worked on.
// Batch statements use unnest so a statement's cost does not grow into many round trips.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DeliveryRecord } from "../domain/delivery-policy.js";
import type { TeamPeriod } from "./schedule.js";
import type { Database } from "./schema.js";

export interface DeliveryRef {
  key: string;
  /** The Slack workspace. */
  teamId: string;
  mlTeamId: number | null;
  kind: string;
  period: string;
}

/**
 * Outbox rows of the given rounds (all kinds) and of the given extra keys, with their leases judged. Each is
 * read by one index probe per round or per key: a lateral subquery that `offset 0` keeps the planner from
 * flattening into a join. Asked with OR, or as a plain join, Postgres would rather scan or sort the whole
 * outbox once they are many (20,000 teams: 1.5 s for the rounds against 0.65 s; 1.3–1.9 s for the keys
 * against 0.1 s).
 */
export async function loadDeliveries(
  db: Kysely<Database>,
  rounds: readonly TeamPeriod[],
  keys: readonly string[],
  leaseSeconds: number,
): Promise<DeliveryRecord[]> {
  const ids = rounds.map((r) => r.mlTeamId);
  const periods = rounds.map((r) => r.period);
  const roundRows = sql`unnest(${ids}::int[], ${periods}::text[]) as r(ml_team_id, period)`;
  const keyRows = sql`unnest(${[...keys]}::text[]) as k(key)`;
  const [byRound, byKey] = await Promise.all([
    rounds.length === 0
      ? []
      : probe(db, roundRows, sql`ml_team_id = r.ml_team_id and period = r.period`, leaseSeconds),
    keys.length === 0 ? [] : probe(db, keyRows, sql`key = k.key`, leaseSeconds),
  ]);
  return [...new Map([...byRound, ...byKey].map((row) => [row.key, row])).values()];
}

async function probe(
  db: Kysely<Database>,
  from: RawBuilder<unknown>,
  match: RawBuilder<unknown>,
  leaseSeconds: number,
): Promise<DeliveryRecord[]> {
  const { rows } = await sql<DeliveryRecord>`
    select d.key, d.status, d.attempts, d.claimed_at as "claimedAt", d.finished_at as "finishedAt", d.error,
           d.channel_id as "channelId", ${leaseExpired(leaseSeconds)} as "leaseExpired"
    from ${from} cross join lateral (select * from deliveries where ${match} offset 0) d`.execute(db);
  return rows;
}

/** True for a claim older than the lease, by the database's clock. */
function leaseExpired(leaseSeconds: number, table = "d"): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.status`)} = 'claimed'
    and ${sql.ref(`${table}.claimed_at`)} <= now() - make_interval(secs => ${leaseSeconds}::float8))`;
}

/** A message about to be posted, and where to: kept on the row so a takeover knows which history to read. */
export interface NewClaim extends DeliveryRef {
  channel: string;
}

/** Inserts claims for keys nobody has claimed; returns the keys this caller won (attempt 1). */
export async function claimNew(db: Kysely<Database>, claims: readonly NewClaim[]): Promise<string[]> {
  return insertRows(db, claims, { status: "claimed", finishedAt: null });
}

/** Records messages that will never be posted (stale, snoozed, nothing to say); returns the keys this caller wrote. */
export async function recordSkipped(
  db: Kysely<Database>,
  refs: readonly (DeliveryRef & { reason: string })[],
  at: Date,
): Promise<string[]> {
  return insertRows(db, refs, { status: "skipped", finishedAt: at });
}

async function insertRows(
  db: Kysely<Database>,
  rows: readonly (DeliveryRef & { channel?: string; reason?: string })[],
  { status, finishedAt }: { status: "claimed" | "skipped"; finishedAt: Date | null },
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto("deliveries")
    .columns([
      "key",
      "team_id",
      "ml_team_id",
      "kind",
      "period",
      "channel_id",
      "error",
      "status",
      "attempts",
      "claimed_at",
      "finished_at",
    ])
    .expression(
      sql`select u.*, ${status}::text, 1, now(), ${finishedAt}::timestamptz
            from unnest(
              ${rows.map((r) => r.key)}::text[],
              ${rows.map((r) => r.teamId)}::text[],
              ${rows.map((r) => r.mlTeamId)}::int[],
              ${rows.map((r) => r.kind)}::text[],
              ${rows.map((r) => r.period)}::text[],
              ${rows.map((r) => r.channel ?? null)}::text[],
              ${rows.map((r) => r.reason ?? null)}::text[]
            ) as u`,
    )
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .execute();
  return inserted.map((r) => r.key);
}

/** What the caller saw of a row it wants to take: the attempt count works as an optimistic lock. */
export interface SeenAttempt {
  key: string;
  attempts: number;
  /** Where this attempt posts; null keeps what the row says. */
  channel?: string | null;
}

/**
 * Takes over failed claims worth retrying. A concurrent caller that took the row first bumped `attempts`,
 * so the second update matches nothing.
 */
export async function reclaim(db: Kysely<Database>, seen: readonly SeenAttempt[]): Promise<string[]> {
  return bumpAttempts(db, seen, sql`d.status = 'failed'`);
}

/**
 * Takes over claims whose lease ran out (their process stopped), judged again here by the database's clock.
 * The taker must look for the message in the channel's history before posting it.
 */
export async function takeOver(
  db: Kysely<Database>,
  seen: readonly SeenAttempt[],
  leaseSeconds: number,
): Promise<string[]> {
  return bumpAttempts(db, seen, leaseExpired(leaseSeconds));
}

async function bumpAttempts(
  db: Kysely<Database>,
  seen: readonly SeenAttempt[],
  condition: RawBuilder<boolean>,
): Promise<string[]> {
  if (seen.length === 0) return [];
  const result = await sql<{ key: string }>`
    update deliveries as d
       set status = 'claimed', attempts = d.attempts + 1, claimed_at = now(), finished_at = null,
           error = null, channel_id = coalesce(w.channel, d.channel_id)
      from unnest(
        ${seen.map((s) => s.key)}::text[],
        ${seen.map((s) => s.attempts)}::int[],
        ${seen.map((s) => s.channel ?? null)}::text[]
      ) as w(key, attempts, channel)
     where d.key = w.key and d.attempts = w.attempts and ${condition}
    returning d.key`.execute(db);
  return result.rows.map((r) => r.key);
}

/**
 * What became of one attempt. `no_answer`: it was sent and Slack never answered, so it may be in the channel;
 * the row stays claimed, and once its lease runs out a tick looks in the history before posting it again.
 */
export interface Outcome {
  key: string;
  /** The attempt this outcome belongs to; a claim taken over since then is left alone. */
  attempt: number;
  status: "sent" | "failed" | "no_answer" | "uncertain";
  at: Date;
  /** Where Slack says it went (a DM's D… id); null keeps what the row says. */
  channelId: string | null;
  messageTs: string | null;
  error: string | null;
}

/** Writes many outcomes in one statement; only for claims the caller still holds. */
export async function recordOutcomes(db: Kysely<Database>, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    update deliveries as d
       set status = o.status, finished_at = o.finished_at, channel_id = coalesce(o.channel_id, d.channel_id),
           message_ts = o.message_ts, error = o.error
      from unnest(
        ${outcomes.map((o) => o.key)}::text[],
        ${outcomes.map((o) => o.attempt)}::int[],
        ${outcomes.map((o) => (o.status === "no_answer" ? "claimed" : o.status))}::text[],
        ${outcomes.map((o) => o.at.toISOString())}::timestamptz[],
        ${outcomes.map((o) => o.channelId)}::text[],
        ${outcomes.map((o) => o.messageTs)}::text[],
        ${outcomes.map((o) => o.error)}::text[]
      ) as o(key, attempt, status, finished_at, channel_id, message_ts, error)
     where d.key = o.key and d.attempts = o.attempt and d.status = 'claimed'`.execute(db);
}

/** Whether the message of `key` has gone to Slack, or is on its way (claimed, or in doubt). */
export async function isUnderWay(db: Kysely<Database>, key: string): Promise<boolean> {
  const row = await db
    .selectFrom("deliveries")
    .select("status")
    .where("key", "=", key)
    .where("status", "in", ["sent", "claimed", "uncertain"])
    .executeTakeFirst();
  return row !== undefined;
}
