// Writes of the history import, all inside the caller's transaction.
import { type Kysely, type QueryCreator, sql } from "kysely";
import type { StoredAnswer } from "../domain/not-applicable.js";
import type { Role } from "../domain/roles.js";
import { jsonb } from "./json.js";
import { inTeamPeriods, type TeamPeriod } from "./schedule.js";
import type { Database, MlTeam } from "./schema.js";
import { type NewSnapshot, snapshotRow } from "./snapshots.js";

/** The teams set up in these (workspace, channel) pairs. */
export async function teamsInChannels(
  db: Kysely<Database>,
  pairs: readonly { teamId: string; channelId: string }[],
): Promise<MlTeam[]> {
  if (pairs.length === 0) return [];
  const teams = pairs.map((p) => p.teamId);
  const channels = pairs.map((p) => p.channelId);
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where(
      sql<boolean>`(team_id, channel_id) in (select * from unnest(${teams}::text[], ${channels}::text[]))`,
    )
    .execute();
}

export interface ImportedAnswer extends StoredAnswer {
  mlTeamId: number;
  teamId: string;
  period: string;
  userId: string;
  note: string | null;
  confirmedUnchanged: boolean;
}

const CHUNK = 1_000;

/**
 * Inserts or replaces each answer; returns how many were new (the others replaced an earlier answer). Each
 * column goes as one array parameter: thousands of rows cost a handful of parameters, not nine apiece.
 */
export async function upsertAnswers(
  db: Kysely<Database>,
  answers: readonly ImportedAnswer[],
  now: Date,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < answers.length; i += CHUNK) {
    // Counted where they are written: a row back for each answer was 200,000 rows to read for a large file.
    const written = await db
      .with("written", (qc) => answersUpsert(qc, answers.slice(i, i + CHUNK), now))
      .selectFrom("written")
      .select(sql<string>`count(*) filter (where inserted)`.as("new"))
      .executeTakeFirstOrThrow();
    inserted += Number(written.new);
  }
  return inserted;
}

/** The upsert of one chunk, each row saying whether it was new. */
function answersUpsert(qc: QueryCreator<Database>, chunk: readonly ImportedAnswer[], now: Date) {
  return (
    qc
      .insertInto("answers")
      .columns([
        "ml_team_id",
        "team_id",
        "period",
        "user_id",
        "met",
        "not_applicable",
        "note",
        "confirmed_unchanged",
        "submitted_at",
      ])
      .expression(
        sql`select a.ml_team_id, a.team_id, a.period, a.user_id, a.met::text[], a.not_applicable::jsonb,
                   a.note, a.confirmed_unchanged, ${now}::timestamptz
              from unnest(
                ${chunk.map((a) => a.mlTeamId)}::int[],
                ${chunk.map((a) => a.teamId)}::text[],
                ${chunk.map((a) => a.period)}::text[],
                ${chunk.map((a) => a.userId)}::text[],
                ${chunk.map((a) => arrayLiteral(a.met))}::text[],
                ${chunk.map((a) => jsonb(a.notApplicable))}::text[],
                ${chunk.map((a) => a.note)}::text[],
                ${chunk.map((a) => (a.confirmedUnchanged ? true : null))}::boolean[]
              ) as a(ml_team_id, team_id, period, user_id, met, not_applicable, note, confirmed_unchanged)`,
      )
      .onConflict((oc) =>
        oc.columns(["ml_team_id", "period", "user_id"]).doUpdateSet((eb) => ({
          met: eb.ref("excluded.met"),
          not_applicable: eb.ref("excluded.not_applicable"),
          note: eb.ref("excluded.note"),
          confirmed_unchanged: eb.ref("excluded.confirmed_unchanged"),
          submitted_at: eb.ref("excluded.submitted_at"),
        })),
      )
      // xmax is 0 on a freshly inserted row and set on one the conflict updated.
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
  );
}

/** A text[] as Postgres reads it from text; criterion ids go bare, anything else quoted and escaped. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => (BARE.test(v) && !/^null$/i.test(v) ? v : `"${v.replace(/[\\"]/g, "\\$&")}"`)).join(",")}}`;
}

const BARE = /^[a-z0-9_]+$/i;

export async function saveRoles(
  db: Kysely<Database>,
  roles: readonly { teamId: string; userId: string; role: Role }[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < roles.length; i += CHUNK) {
    await db
      .insertInto("people")
      .values(
        roles
          .slice(i, i + CHUNK)
          .map((r) => ({ team_id: r.teamId, user_id: r.userId, role: r.role, updated_at: now })),
      )
      .onConflict((oc) =>
        oc
          .columns(["team_id", "user_id"])
          .doUpdateSet((eb) => ({ role: eb.ref("excluded.role"), updated_at: now })),
      )
      .execute();
  }
}

/** Existing snapshots of these rounds, by "id:period", with whether their prompt went out. */
export async function snapshotsPrompted(
  db: Kysely<Database>,
  pairs: readonly TeamPeriod[],
): Promise<Map<string, boolean>> {
  if (pairs.length === 0) return new Map();
  const rows = await db
    .selectFrom("round_snapshots")
    .select(["ml_team_id", "period", "prompted"])
    .where(inTeamPeriods(pairs))
    .execute();
  return new Map(rows.map((r) => [`${r.ml_team_id}:${r.period}`, r.prompted]));
}

/** Writes each snapshot, replacing the figures of one that exists (keeping when it closed and whether it was asked). */
export async function upsertSnapshots(
  db: Kysely<Database>,
  snapshots: readonly NewSnapshot[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < snapshots.length; i += CHUNK) {
    await db
      .insertInto("round_snapshots")
      .values(snapshots.slice(i, i + CHUNK).map((s) => snapshotRow(s, now)))
      .onConflict((oc) =>
        oc.columns(["ml_team_id", "period"]).doUpdateSet((eb) => ({
          answered: eb.ref("excluded.answered"),
          expected: eb.ref("excluded.expected"),
          level: eb.ref("excluded.level"),
          met: eb.ref("excluded.met"),
          not_applicable: eb.ref("excluded.not_applicable"),
          disputed: eb.ref("excluded.disputed"),
        })),
      )
      .execute();
  }
}

/** Which of these outbox keys were posted. */
export async function sentKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom("deliveries")
    .select("key")
    .where("key", "in", keys)
    .where("status", "=", "sent")
    .execute();
  return new Set(rows.map((r) => r.key));
}
