// Evidence for the benchmarks, seeded with set-based SQL as bench/seed.ts seeds the organisation:
// - linked teams for the webhook benchmark: `teams` teams, each linked to a repository of its own;
// - signals for /mlops status: every team of a seeded organisation linked to a repository that sent
//   SIGNALS_PER_TEAM signals in the last 28 days, across several practices (CI on push, tests, automated
//   deployments to production, scheduled training, pushes, a scoring script on the default branch).
import { type Kysely, sql } from "kysely";
import type { Database } from "../src/db/schema.js";
import { EVIDENCE_WINDOW_DAYS } from "../src/domain/evidence.js";
import { workflowRun } from "../test/support/signals.js";
import { type BenchServer, benchDatabase } from "./postgres.js";

/** Teams per workspace of the webhook benchmark's linked teams. */
const LINKED_PER_WORKSPACE = 20;

/** Seeds `teams` teams (20 a workspace), each linked to `bench-org-<w>/repo-<n>`; returns those names. */
export async function seedLinkedRepositories(db: Kysely<Database>, teams: number): Promise<string[]> {
  const { rows } = await sql<{ repository: string }>`
    with seeded as (
      select n, 'TW' || lpad(((n - 1) / ${sql.lit(LINKED_PER_WORKSPACE)} + 1)::text, 4, '0') as team_id,
        'bench-org-' || ((n - 1) / ${sql.lit(LINKED_PER_WORKSPACE)} + 1) || '/repo-' || n as repository
      from generate_series(1, ${sql.lit(teams)}) n),
    workspaces as (
      insert into workspaces (team_id) select distinct team_id from seeded returning team_id),
    teams as (
      insert into ml_teams (team_id, channel_id, name, cadence, checkin_day, checkin_time, time_zone, created_by)
      select s.team_id, 'CW' || lpad(s.n::text, 6, '0'), 'Webhook team ' || s.n, 'weekly', 1, '10:00', 'UTC', 'UW1'
      from seeded s join workspaces w using (team_id)
      returning id, team_id, channel_id)
    insert into evidence_links (ml_team_id, team_id, subject_kind, subject, linked_by)
    select t.id, t.team_id, 'repository', lower(s.repository), 'UW1'
    from teams t join seeded s on t.channel_id = 'CW' || lpad(s.n::text, 6, '0')
    returning subject as repository`.execute(db);
  return rows.map((r) => r.repository).sort(byNumber);
}

const byNumber = (a: string, b: string) => Number(a.split("-").pop()) - Number(b.split("-").pop());

export const SIGNALS_PER_TEAM = 20;
const TRAINING_WORKFLOW = ".github/workflows/train.yml";

/** The 20 signals of a team: kind, facts, and days before `asOf` (kept inside the 28-day window). */
const TEAM_SIGNALS: readonly { kind: string; facts: object; daysAgo: number }[] = [
  ...[1, 2, 3, 5, 8, 13].map((daysAgo) => ({
    kind: "workflow_run",
    daysAgo,
    facts: workflowRun({}).facts,
  })),
  ...[1, 4, 9, 16].map((daysAgo) => ({
    kind: "check_run",
    daysAgo,
    facts: { name: "unit tests", conclusion: "success", app: "github-actions" },
  })),
  ...[2, 9, 20].map((daysAgo) => ({
    kind: "deployment",
    daysAgo,
    facts: { environment: "production", state: "success", creatorType: "automation" },
  })),
  ...[3, 10, 17].map((daysAgo) => ({
    kind: "workflow_run",
    daysAgo,
    facts: {
      event: "schedule",
      status: "completed",
      conclusion: "success",
      workflowPath: TRAINING_WORKFLOW,
      workflowName: "Train",
      actorType: "automation",
    },
  })),
  ...[1, 6, 12].map((daysAgo) => ({
    kind: "push",
    daysAgo,
    facts: { ref: "refs/heads/main", commits: 3, defaultBranch: true },
  })),
  { kind: "file", daysAgo: 1, facts: { path: "score.py", present: true } },
];

/**
 * Links every team of the (seeded) database to `org-<team id>/models` with the training workflow, and stores
 * its 20 signals as the webhooks and the file check would have. Returns how many signals it stored.
 */
export async function seedTeamSignals(db: Kysely<Database>, asOf: Date): Promise<number> {
  if (TEAM_SIGNALS.length !== SIGNALS_PER_TEAM) throw new Error("the signal table is not 20 signals long");
  const repository = sql`'org-' || t.id || '/models'`;
  await sql`insert into evidence_links (ml_team_id, team_id, subject_kind, subject, training_workflow, linked_by)
    select t.id, t.team_id, 'repository', ${repository}, ${TRAINING_WORKFLOW}, t.created_by
    from ml_teams t`.execute(db);
  const templates = sql.join(
    TEAM_SIGNALS.map(
      (s, i) =>
        sql`(${sql.lit(i)}, ${sql.lit(s.kind)}, ${sql.lit(JSON.stringify(s.facts))}::jsonb, ${sql.lit(s.daysAgo)})`,
    ),
  );
  const result =
    await sql`insert into evidence_signals (team_id, source, kind, subject_kind, subject, external_id,
      occurred_at, url, facts)
    select t.team_id, 'github', s.kind, 'repository', ${repository}, (t.id * 100 + s.i)::text,
      ${sql.lit(asOf.toISOString())}::timestamptz - s.days_ago * interval '1 day' - interval '1 hour',
      'https://github.com/' || ${repository} || '/actions/runs/' || (t.id * 100 + s.i), s.facts
    from ml_teams t cross join (values ${templates}) as s(i, kind, facts, days_ago)`.execute(db);
  await sql`analyze evidence_links`.execute(db);
  await sql`analyze evidence_signals`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The bot's status reply when the team's repository sent 20 signals (evidence blocks under the level). */
export const EVIDENCE_REPLY_BYTES = 4_350;

/** The options of status-evidence: a copy of the organisation whose every team has 20 signals. */
export async function withEvidence<T extends { databaseUrl: string }>(
  options: T,
  server: BenchServer,
  asOf: Date,
): Promise<T & { replyBytes: number; evidenceSince: Date }> {
  return {
    ...options,
    databaseUrl: await organisationWithSignals(server, options.databaseUrl, asOf),
    replyBytes: EVIDENCE_REPLY_BYTES,
    evidenceSince: new Date(asOf.getTime() - EVIDENCE_WINDOW_DAYS * 86_400_000),
  };
}

/** A copy of the organisation at `url` in which every team has its 20 signals (status-evidence reads it). */
async function organisationWithSignals(server: BenchServer, url: string, asOf: Date): Promise<string> {
  const copy = await server.createDatabase("evidence", url);
  const db = benchDatabase(copy);
  try {
    await seedTeamSignals(db, asOf);
    return copy;
  } finally {
    await db.destroy();
  }
}
