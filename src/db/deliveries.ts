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
function leaseExpired(leaseSeconds: number): RawBuilder<boolean> {
  return sql<boolean>`(d.status = 'claimed' and d.claimed_at <= now() - make_interval(secs => ${leaseSeconds}::float8))`;
}

/** A message about to be posted, where to, and how many attempts its row had when read (0: no row yet). */
export interface NewClaim extends DeliveryRef {
  channel: string;
  seen: number;
}

/**
 * Claims messages: a key nobody has claimed is inserted (attempt 1); a failed attempt, or one whose lease ran
 * out (judged again here, by the database's clock: its process stopped and the taker must look in the
 * channel's history before posting), is taken over while the row still has the attempts its claimer saw,
 * the count working as an optimistic lock. Returns each key this caller won, with its attempt number.
 */
export async function claim(
  db: Kysely<Database>,
  claims: readonly NewClaim[],
  leaseSeconds: number,
): Promise<Map<string, number>> {
  if (claims.length === 0) return new Map();
  const { rows } = await sql<{ key: string; attempts: number }>`
    insert into deliveries as d (key, team_id, ml_team_id, kind, period, channel_id, attempts, status, claimed_at)
    select u.*, 'claimed', now() from unnest(${claims.map((c) => c.key)}::text[],
      ${claims.map((c) => c.teamId)}::text[], ${claims.map((c) => c.mlTeamId)}::int[],
      ${claims.map((c) => c.kind)}::text[], ${claims.map((c) => c.period)}::text[],
      ${claims.map((c) => c.channel)}::text[], ${claims.map((c) => c.seen + 1)}::int[]) as u
    on conflict (key) do update
       set status = 'claimed', attempts = excluded.attempts, claimed_at = now(), finished_at = null,
           error = null, channel_id = excluded.channel_id
     where d.attempts = excluded.attempts - 1 and (d.status = 'failed' or ${leaseExpired(leaseSeconds)})
    returning d.key, d.attempts`.execute(db);
  return new Map(rows.map((r) => [r.key, r.attempts]));
}

/** Records messages that will never be posted (stale, snoozed, nothing to say); returns the keys this caller wrote. */
export async function recordSkipped(
  db: Kysely<Database>,
  refs: readonly (DeliveryRef & { reason: string })[],
  at: Date,
): Promise<string[]> {
  if (refs.length === 0) return [];
  const { rows } = await sql<{ key: string }>`
    insert into deliveries (key, team_id, ml_team_id, kind, period, error, status, attempts, claimed_at, finished_at)
    select u.*, 'skipped', 1, now(), ${at}::timestamptz from unnest(${refs.map((r) => r.key)}::text[],
      ${refs.map((r) => r.teamId)}::text[], ${refs.map((r) => r.mlTeamId)}::int[],
      ${refs.map((r) => r.kind)}::text[], ${refs.map((r) => r.period)}::text[],
      ${refs.map((r) => r.reason)}::text[]) as u
    on conflict (key) do nothing
    returning key`.execute(db);
  return rows.map((r) => r.key);
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
      from unnest(${outcomes.map((o) => o.key)}::text[], ${outcomes.map((o) => o.attempt)}::int[],
        ${outcomes.map((o) => (o.status === "no_answer" ? "claimed" : o.status))}::text[],
        ${outcomes.map((o) => o.at.toISOString())}::timestamptz[], ${outcomes.map((o) => o.channelId)}::text[],
        ${outcomes.map((o) => o.messageTs)}::text[], ${outcomes.map((o) => o.error)}::text[]
      ) as o(key, attempt, status, finished_at, channel_id, message_ts, error)
     where d.key = o.key and d.attempts = o.attempt and d.status = 'claimed'`.execute(db);
}

/** Whether the message of `key` has gone to Slack, or is on its way (claimed, or in doubt). */
export async function isUnderWay(db: Kysely<Database>, key: string): Promise<boolean> {
  const { rows } = await sql`
    select 1 from deliveries where key = ${key} and status in ('sent', 'claimed', 'uncertain')`.execute(db);
  return rows.length > 0;
}
