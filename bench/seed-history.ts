// The outbox an organisation accumulates over two years: every prompt, reminder, team digest, nudge
// decision and org digest up to the Monday tick. It makes the tick read a realistically large
// `deliveries` table, and leaves nothing stale for it to catch up on. Keys follow deliveryKeys in
// src/domain/due-work.ts (test/bench/seed.test.ts checks that they match).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../src/db/schema.js";
import { type OrgScale, seededRounds } from "./organisation.js";
import { uniform } from "./seed-rules.js";
import type { BenchTimeline } from "./timeline.js";

/** Teams whose manual-releases nudge is snoozed at tick time. */
const SNOOZED_SHARE = 0.03;

export async function seedDeliveryHistory(db: Kysely<Database>, scale: OrgScale, timeline: BenchTimeline) {
  const rounds = seededRounds(scale, timeline);
  await seedPrompts(db, rounds);
  await seedReminders(db, scale, rounds);
  await seedTeamDigests(db, timeline, rounds);
  await seedNudgeDecisions(db);
  await seedOrgDigests(db, timeline, rounds);
  await seedSnoozes(db, timeline);
}

const PROMPT_AT = sql`((p.day + (t.checkin_day - 1)) + t.checkin_time::time) at time zone t.time_zone`;
const DIGEST_AT = sql`((p.day + 7) + time '09:00') at time zone t.time_zone`;

function sent(at: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`'sent', 1, ${at}, ${at} + interval '1 second'`;
}

function messageTs(at: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`extract(epoch from ${at})::bigint || '.000100'`;
}

const COLUMNS = sql`(key, team_id, ml_team_id, kind, period, status, attempts, claimed_at, finished_at, channel_id,
  message_ts, error)`;

async function seedPrompts(db: Kysely<Database>, rounds: RawBuilder<unknown>) {
  await sql`insert into deliveries ${COLUMNS}
    select 'prompt:' || t.ml_team_id || ':' || p.period, t.team_id, t.ml_team_id, 'prompt', p.period,
      ${sent(sql`x.at`)}, t.channel_id, ${messageTs(sql`x.at`)}, null
    from seed_teams t cross join ${rounds} p cross join lateral (select ${PROMPT_AT} as at) x`.execute(db);
}

/** Thursday's (or Friday's) reminder to every respondent who had not answered. */
async function seedReminders(db: Kysely<Database>, scale: OrgScale, rounds: RawBuilder<unknown>) {
  await sql`insert into deliveries ${COLUMNS}
    select 'reminder:' || t.ml_team_id || ':' || p.period || ':' || t.user_prefix || r, t.team_id, t.ml_team_id,
      'reminder', p.period, ${sent(sql`x.at`)}, t.user_prefix || r, ${messageTs(sql`x.at`)}, null
    from seed_teams t cross join ${rounds} p
      cross join generate_series(1, ${sql.lit(scale.respondentsPerTeam)}) r
      cross join lateral (select ${PROMPT_AT} + interval '3 days' as at) x
    where not exists (select 1 from answers a
      where a.ml_team_id = t.ml_team_id and a.period = p.period and a.user_id = t.user_prefix || r)`.execute(
    db,
  );
}

async function seedTeamDigests(db: Kysely<Database>, timeline: BenchTimeline, rounds: RawBuilder<unknown>) {
  await sql`insert into deliveries ${COLUMNS}
    select 'team_digest:' || t.ml_team_id || ':' || p.period, t.team_id, t.ml_team_id, 'team_digest', p.period,
      ${sent(sql`x.at`)}, t.channel_id, ${messageTs(sql`x.at`)}, null
    from seed_teams t cross join ${rounds} p cross join lateral (select ${DIGEST_AT} as at) x
    where p.period < ${sql.lit(timeline.currentPeriod)}`.execute(db);
}

/** Every nudge kind is decided once per closed round: posted when its rule held, recorded as skipped if not. */
async function seedNudgeDecisions(db: Kysely<Database>) {
  await sql`insert into deliveries ${COLUMNS}
    select 'nudge:' || n.kind || ':' || s.ml_team_id || ':' || s.period, s.team_id, s.ml_team_id, 'nudge:' || n.kind,
      s.period, case when n.applies then 'sent' else 'skipped' end, 1, x.at, x.at + interval '1 second',
      case when n.applies then t.channel_id end, case when n.applies then ${messageTs(sql`x.at`)} end,
      case when n.applies then null else 'not applicable this round' end
    from (select *, lag(level) over (partition by ml_team_id order by period) as level_before from round_snapshots) s
      join seed_teams t on t.ml_team_id = s.ml_team_id
      cross join lateral (select ((s.period::date + 7) + time '09:00') at time zone t.time_zone as at) x
      cross join lateral (values
        ('siloed_roles', s.answered > 0 and not ('ds_de_collaboration' = any(s.met))),
        ('manual_releases', s.answered > 0 and not (s.met @> array['automated_app_releases', 'cicd_model_release'])),
        ('regression', coalesce(s.level < s.level_before, false)),
        ('missed_checkin', s.answered = 0)
      ) as n(kind, applies)`.execute(db);
}

async function seedOrgDigests(db: Kysely<Database>, timeline: BenchTimeline, rounds: RawBuilder<unknown>) {
  await sql`insert into deliveries ${COLUMNS}
    select 'org_digest:' || w.team_id || ':' || p.period, w.team_id, null, 'org_digest', p.period,
      ${sent(sql`x.at`)}, w.digest_channel_id, ${messageTs(sql`x.at`)}, null
    from workspaces w cross join ${rounds} p
      cross join lateral (select (p.day + time '09:00') at time zone w.digest_time_zone as at) x
    where p.period > (select min(period) from round_snapshots) and p.day <= ${sql.lit(timeline.currentPeriod)}::date`.execute(
    db,
  );
}

async function seedSnoozes(db: Kysely<Database>, timeline: BenchTimeline) {
  const until = new Date(timeline.tickAt.getTime() + 14 * 86_400_000).toISOString();
  await sql`insert into snoozes (ml_team_id, kind, until, snoozed_by)
    select ml_team_id, 'manual_releases', ${sql.lit(until)}::timestamptz, user_prefix || '1' from seed_teams
    where ${uniform(sql`g`, 31)} < ${sql.lit(SNOOZED_SHARE)}`.execute(db);
}
