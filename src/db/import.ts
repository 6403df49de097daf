// Writes of the history import, all inside the caller's transaction.
import { type Kysely, sql } from "kysely";
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

/** Inserts or replaces each answer; returns how many were new (the others replaced an earlier answer). */
export async function upsertAnswers(
  db: Kysely<Database>,
  answers: readonly ImportedAnswer[],
  now: Date,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < answers.length; i += CHUNK) {
    const rows = await db
      .insertInto("answers")
      .values(
        answers.slice(i, i + CHUNK).map((a) => ({
          ml_team_id: a.mlTeamId,
          team_id: a.teamId,
          period: a.period,
          user_id: a.userId,
          met: [...a.met],
          not_applicable: jsonb(a.notApplicable),
          note: a.note,
          confirmed_unchanged: a.confirmedUnchanged ? (true as const) : null,
          submitted_at: now,
        })),
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
      .execute();
    inserted += rows.filter((r) => r.inserted).length;
  }
  return inserted;
}

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
