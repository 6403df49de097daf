// Seeds a large organisation with set-based SQL (insert … select … from generate_series), never row by row.
import { type Kysely, type RawBuilder, sql } from "kysely";
import { migrateToLatest } from "../src/db/migrate.js";
import type { Database } from "../src/db/schema.js";
import { MISSED, type OrgScale, seededRounds } from "./organisation.js";
import { benchDatabase } from "./postgres.js";
import { seedDeliveryHistory } from "./seed-history.js";
import { disputed, levelOf, majorityMet, metExpression, uniform, yesCounts } from "./seed-rules.js";
import { BENCH_ZONES, type BenchTimeline } from "./timeline.js";

export interface SeedStep {
  name: string;
  ms: number;
}

export interface SeedFigures {
  scale: OrgScale;
  rows: Record<string, number>;
  seconds: number;
  steps: SeedStep[];
}

/** Migrates the empty database at `url` and seeds it; the figures are for the report. */
export async function seedDatabase(
  url: string,
  scale: OrgScale,
  timeline: BenchTimeline,
): Promise<SeedFigures> {
  const db = benchDatabase(url);
  try {
    await migrateToLatest(db);
    const started = performance.now();
    const steps = await seedOrganisation(db, scale, timeline);
    const seconds = (performance.now() - started) / 1000;
    return { scale, rows: await countRows(db), seconds, steps };
  } finally {
    await db.destroy();
  }
}

const TEAM_NAMES = [
  "Fraud detection",
  "Search ranking",
  "Recommendations",
  "Forecasting",
  "Churn",
  "Pricing",
];
const ROLES = ["data_scientist", "data_engineer", "software_engineer", "ml_engineer", "other"];
const CHECKIN_TIMES = ["09:30", "10:00", "10:00", "11:00", "14:00"];

/**
 * Seeds `scale` into an empty, migrated database, as it stands just before the Monday tick: answers and
 * snapshots of every round, and the outbox of every message sent so far. Everything runs on one
 * connection, because the per-team parameters live in a temporary table.
 */
export async function seedOrganisation(
  db: Kysely<Database>,
  scale: OrgScale,
  timeline: BenchTimeline,
): Promise<SeedStep[]> {
  const steps: SeedStep[] = [];
  const step = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    steps.push({ name, ms: performance.now() - started });
  };
  await db.connection().execute(async (conn) => {
    await sql`set work_mem = '256MB'`.execute(conn);
    await step("workspaces and teams", () => seedTeams(conn, scale, timeline));
    await step("respondents and roles", () => seedRespondents(conn, scale));
    await step("answers", () => seedAnswers(conn, scale, timeline));
    await step("round snapshots", () => seedSnapshots(conn, scale, timeline));
    await step("delivery history", () => seedDeliveryHistory(conn, scale, timeline));
    await step("vacuum analyze", () => sql`vacuum analyze`.execute(conn));
  });
  return steps;
}

async function seedTeams(db: Kysely<Database>, scale: OrgScale, timeline: BenchTimeline): Promise<void> {
  const zones = sql`array[${sql.join(BENCH_ZONES.map((z) => sql.lit(z)))}]::text[]`;
  const created = sql.lit(
    new Date(timeline.asOf.getTime() - (scale.rounds * 7 + 3) * 86_400_000).toISOString(),
  );
  await sql`create temp table seed_teams as
    select g, w, i, null::integer as ml_team_id, ${created}::timestamptz as created_at,
      'T' || lpad(w::text, 6, '0') as team_id,
      'C' || lpad(w::text, 3, '0') || lpad(i::text, 5, '0') as channel_id,
      'U' || lpad(g::text, 6, '0') as user_prefix,
      (${zones})[1 + g % ${sql.lit(BENCH_ZONES.length)}] as time_zone,
      case when ${uniform(sql`g`, 6)} < 0.75 then 1 else 2 end as checkin_day,
      ${textPick(CHECKIN_TIMES, sql`g`, 7)} as checkin_time,
      ${textPick(TEAM_NAMES, sql`g`, 8)} || ' ' || g as name,
      case when ${uniform(sql`g`, 1)} < 0.22 then 0 when ${uniform(sql`g`, 1)} < 0.5 then 1
        when ${uniform(sql`g`, 1)} < 0.75 then 2 when ${uniform(sql`g`, 1)} < 0.92 then 3 else 4 end as start_level,
      floor(10 + ${uniform(sql`g`, 2)} * 160)::int as up1,
      floor(40 + ${uniform(sql`g`, 2)} * 160 + ${uniform(sql`g`, 3)} * 120)::int as up2,
      case when ${uniform(sql`g`, 4)} < 0.15 then floor(5 + ${uniform(sql`g`, 5)} * 95)::int else -100 end as dip,
      ${uniform(sql`g`, 9)} < 0.01 as paused
    from generate_series(1, ${sql.lit(scale.workspaces)}) w,
      generate_series(1, ${sql.lit(scale.teamsPerWorkspace)}) i,
      lateral (select (w - 1) * ${sql.lit(scale.teamsPerWorkspace)} + i as g) gi`.execute(db);
  await sql`insert into workspaces (team_id, digest_channel_id, digest_time_zone, digest_set_by, created_at)
    select distinct on (w) team_id, 'CD' || lpad(w::text, 6, '0'), (${zones})[1 + w % ${sql.lit(BENCH_ZONES.length)}],
      user_prefix || '1', created_at
    from seed_teams order by w, i`.execute(db);
  const pausedUntil = sql.lit(new Date(timeline.tickAt.getTime() + 14 * 86_400_000).toISOString());
  await sql`insert into ml_teams (team_id, channel_id, name, cadence, checkin_day, checkin_time, time_zone,
      created_by, created_at, updated_at, paused_until)
    select team_id, channel_id, name, 'weekly', checkin_day, checkin_time, time_zone, user_prefix || '1',
      created_at, created_at, case when paused then ${pausedUntil}::timestamptz end
    from seed_teams order by g`.execute(db);
  await sql`update seed_teams s set ml_team_id = t.id from ml_teams t
    where t.team_id = s.team_id and t.channel_id = s.channel_id`.execute(db);
  await sql`alter table seed_teams add primary key (g)`.execute(db);
}

async function seedRespondents(db: Kysely<Database>, scale: OrgScale): Promise<void> {
  const respondents = sql`generate_series(1, ${sql.lit(scale.respondentsPerTeam)}) r`;
  await sql`insert into team_respondents (ml_team_id, user_id, added_at)
    select ml_team_id, user_prefix || r, created_at from seed_teams, ${respondents}`.execute(db);
  await sql`insert into people (team_id, user_id, role)
    select team_id, user_prefix || r,
      (array[${sql.join(ROLES.map((role) => sql.lit(role)))}, null])[1 + floor(${uniform(sql`g * 16 + r`, 10)} * ${sql.lit(ROLES.length + 1)})::int]
    from seed_teams, ${respondents}`.execute(db);
}

/** A team's true level in round k: a start level, up to two steps up, and sometimes a 3-round dip. */
const TRUE_LEVEL = sql`greatest(0, least(4, t.start_level + (p.k >= t.up1)::int + (p.k >= t.up2)::int
  - (p.k >= t.dip and p.k < t.dip + 3)::int))`;

async function seedAnswers(db: Kysely<Database>, scale: OrgScale, timeline: BenchTimeline): Promise<void> {
  const teamRound = sql`(t.g::bigint * 1024 + p.k)`;
  const answerKey = sql`(${teamRound} * 16 + r)`;
  await sql`insert into answers (ml_team_id, period, user_id, team_id, met, submitted_at)
    select t.ml_team_id, p.period, t.user_prefix || r, t.team_id, ${metExpression(answerKey, sql`lv.level`)},
      (p.day + time '10:00' + ${uniform(answerKey, 16)} * interval '40 hours') at time zone t.time_zone
    from seed_teams t
      cross join ${seededRounds(scale, timeline)} p
      cross join generate_series(1, ${sql.lit(scale.respondentsPerTeam)}) r
      cross join lateral (select ${TRUE_LEVEL} as level) lv
    where ${uniform(teamRound, 11)} >= ${sql.lit(MISSED.round)}
      and ${uniform(answerKey, 12)} >= ${sql.lit(MISSED.respondent)}`.execute(db);
}

/** History for every closed round, computed from the answers the way the product aggregates them. */
async function seedSnapshots(db: Kysely<Database>, scale: OrgScale, timeline: BenchTimeline): Promise<void> {
  await sql`insert into round_snapshots (ml_team_id, period, team_id, prompted, answered, expected, level, met,
      disputed, closed_at)
    select t.ml_team_id, p.period, t.team_id, true, coalesce(v.n, 0), ${sql.lit(scale.respondentsPerTeam)},
      v.level, coalesce(v.met, '{}'), coalesce(v.disputed, '{}'), (p.day + 7 + time '00:00') at time zone t.time_zone
    from seed_teams t
      cross join ${seededRounds(scale, timeline)} p
      left join (
        select m.*, ${levelOf(sql`m.met`)} as level from (
          select ml_team_id, period, n, ${majorityMet(sql`n`)} as met, ${disputed(sql`n`)} as disputed
          from (select ml_team_id, period, count(*) as n, ${yesCounts()} from answers
                where period < ${sql.lit(timeline.currentPeriod)} group by ml_team_id, period) c
        ) m
      ) v on v.ml_team_id = t.ml_team_id and v.period = p.period
    where p.period < ${sql.lit(timeline.currentPeriod)}`.execute(db);
}

function textPick(values: readonly string[], key: RawBuilder<unknown>, salt: number): RawBuilder<string> {
  const list = sql`array[${sql.join(values.map((v) => sql.lit(v)))}]::text[]`;
  return sql<string>`(${list})[1 + floor(${uniform(key, salt)} * ${sql.lit(values.length)})::int]`;
}

const COUNTED_TABLES = [
  "workspaces",
  "ml_teams",
  "team_respondents",
  "people",
  "answers",
  "round_snapshots",
  "deliveries",
  "snoozes",
] as const;

/** Row counts of every seeded table, for the report. */
export async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}
