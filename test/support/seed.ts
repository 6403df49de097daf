// Rows inserted directly, for tests whose subject is not the setup or check-in flow (those are tested
// through the bot): a workspace, an ML team with its respondents and roles, and answers.
import { type Kysely, sql } from "kysely";
import { storeSignals } from "../../src/db/evidence.js";
import type { Database } from "../../src/db/schema.js";
import { DEFAULT_SCHEDULE, type TeamSchedule } from "../../src/domain/calendar.js";
import { closeRound } from "../../src/domain/digest.js";
import type { EvidenceSignal, SubjectKind } from "../../src/domain/evidence-signal.js";
import type { Role } from "../../src/domain/roles.js";
import type { CriterionId } from "../../src/domain/rubric.js";

/** Empties every table but the migrations' own, identities starting again from 1: as a new database. */
export async function resetTables(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(db);
  if (rows.length === 0) return;
  await sql`truncate table ${sql.join(rows.map((r) => sql.id(r.name)))} restart identity cascade`.execute(db);
}

export interface TeamFixture {
  teamId?: string;
  channelId: string;
  name?: string;
  schedule?: Partial<TeamSchedule>;
  createdAt: string | Date;
  respondents?: string[];
  roles?: Record<string, Role>;
  pausedUntil?: string | Date | null;
}

/** A workspace (if new), an ML team, its respondents and their roles; returns the team id. */
export async function seedTeam(db: Kysely<Database>, fixture: TeamFixture): Promise<number> {
  const teamId = fixture.teamId ?? "T0";
  const createdAt = new Date(fixture.createdAt);
  await db
    .insertInto("workspaces")
    .values({ team_id: teamId, enterprise_id: null, created_at: createdAt })
    .onConflict((oc) => oc.column("team_id").doNothing())
    .execute();
  const schedule: TeamSchedule = { ...DEFAULT_SCHEDULE, timeZone: "UTC", ...fixture.schedule };
  const team = await db
    .insertInto("ml_teams")
    .values({
      team_id: teamId,
      enterprise_id: null,
      channel_id: fixture.channelId,
      name: fixture.name ?? `team ${fixture.channelId}`,
      cadence: schedule.cadence,
      checkin_day: schedule.checkinDay,
      checkin_time: schedule.checkinTime,
      time_zone: schedule.timeZone,
      created_by: "UCREATOR",
      created_at: createdAt,
      updated_at: createdAt,
      paused_until: fixture.pausedUntil ? new Date(fixture.pausedUntil) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const respondents = fixture.respondents ?? [];
  if (respondents.length > 0) {
    await db
      .insertInto("team_respondents")
      .values(respondents.map((user_id) => ({ ml_team_id: team.id, user_id, added_at: createdAt })))
      .execute();
  }
  for (const [userId, role] of Object.entries(fixture.roles ?? {})) {
    await db
      .insertInto("people")
      .values({ team_id: teamId, user_id: userId, role })
      .onConflict((oc) => oc.columns(["team_id", "user_id"]).doUpdateSet({ role }))
      .execute();
  }
  return team.id;
}

/** A respondent's answer for a round, replacing one they gave before in that round. */
export async function answer(
  db: Kysely<Database>,
  a: { mlTeamId: number; period: string; userId: string; met: readonly CriterionId[]; teamId?: string },
): Promise<void> {
  await db
    .insertInto("answers")
    .values({
      ml_team_id: a.mlTeamId,
      period: a.period,
      user_id: a.userId,
      team_id: a.teamId ?? "T0",
      met: [...a.met],
    })
    .onConflict((oc) => oc.columns(["ml_team_id", "period", "user_id"]).doUpdateSet({ met: [...a.met] }))
    .execute();
}

/** A closed round's snapshot as the scheduler writes it, here with every respondent meeting `met`. */
export async function snapshot(
  db: Kysely<Database>,
  s: {
    mlTeamId: number;
    period: string;
    met: readonly CriterionId[] | null;
    answered?: number;
    expected?: number;
    teamId?: string;
  },
): Promise<void> {
  const { level } = closeRound(s.met === null ? [] : [{ met: s.met, notApplicable: null }]);
  await db
    .insertInto("round_snapshots")
    .values({
      ml_team_id: s.mlTeamId,
      team_id: s.teamId ?? "T0",
      period: s.period,
      prompted: true,
      answered: s.answered ?? (s.met === null ? 0 : 2),
      expected: s.expected ?? 2,
      level,
      met: [...(s.met ?? [])],
      disputed: [],
    })
    .execute();
}

/** A group of ML teams, made directly (its commands are tested through the bot). */
export async function seedGroup(
  db: Kysely<Database>,
  g: { teamId?: string; name: string; mlTeamIds: readonly number[] },
): Promise<number> {
  const { id } = await db
    .insertInto("ml_groups")
    .values({ team_id: g.teamId ?? "T0", name: g.name, created_by: "UADA" })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (g.mlTeamIds.length > 0)
    await db
      .insertInto("ml_group_teams")
      .values(g.mlTeamIds.map((ml_team_id) => ({ group_id: id, ml_team_id })))
      .execute();
  return id;
}

/** A team's link to a subject made at `linkedAt` (the bot would stamp the wall clock), with its signals. */
export async function seedLink(
  db: Kysely<Database>,
  l: {
    mlTeamId: number;
    subject: string;
    linkedAt: string;
    kind?: SubjectKind;
    teamId?: string;
    signals?: readonly EvidenceSignal[];
  },
): Promise<void> {
  const teamId = l.teamId ?? "T0";
  await db
    .insertInto("evidence_links")
    .values({
      ml_team_id: l.mlTeamId,
      team_id: teamId,
      subject_kind: l.kind ?? "repository",
      subject: l.subject,
      linked_by: "UCREATOR",
      created_at: new Date(l.linkedAt),
    })
    .execute();
  await storeSignals(db, teamId, l.signals ?? []);
}
