// History: one row per team per closed round, written once when the round closes.
import { type Kysely, sql } from "kysely";
import type { ClosedRound } from "../domain/digest.js";
import { exemptionsOf, storedExemptions } from "../domain/not-applicable.js";
import { type CriterionId, isCriterionId, type Level } from "../domain/rubric.js";
import { jsonb } from "./json.js";
import { inTeamPeriods, type TeamPeriod } from "./schedule.js";
import type { Database, RoundSnapshot } from "./schema.js";

/** "id:period" of each given round that already has a snapshot. */
export async function closedRounds(db: Kysely<Database>, pairs: readonly TeamPeriod[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom("round_snapshots")
    .select(["ml_team_id", "period"])
    .where(inTeamPeriods(pairs))
    .execute();
  return new Set(rows.map((r) => `${r.ml_team_id}:${r.period}`));
}

export interface NewSnapshot {
  mlTeamId: number;
  teamId: string;
  period: string;
  prompted: boolean;
  answered: number;
  expected: number;
  /** Respondents away by their Slack status who did not answer; 0 when unknown (an import). */
  away?: number;
  level: number | null;
  /** Criteria in place, practices not applicable included. */
  met: readonly string[];
  /** Practice → its distinct reasons, for those the team said do not apply. */
  notApplicable: ReadonlyMap<CriterionId, readonly string[]>;
  disputed: readonly string[];
}

// Ten columns a row keeps each statement far below Postgres's 65,535 parameters.
const INSERT_CHUNK = 1_000;

/** The row a snapshot is stored as. */
export function snapshotRow(s: NewSnapshot, closedAt: Date) {
  return {
    ml_team_id: s.mlTeamId,
    team_id: s.teamId,
    period: s.period,
    prompted: s.prompted,
    answered: s.answered,
    expected: s.expected,
    away: s.away ? s.away : null,
    level: s.level,
    met: [...s.met],
    not_applicable: jsonb(storedExemptions(s.notApplicable)),
    disputed: [...s.disputed],
    closed_at: closedAt,
  };
}

/** Writes snapshots that do not exist yet; a concurrent tick writing the same round loses quietly. */
export async function insertSnapshots(
  db: Kysely<Database>,
  snapshots: readonly NewSnapshot[],
  closedAt: Date,
): Promise<void> {
  for (let i = 0; i < snapshots.length; i += INSERT_CHUNK) {
    await db
      .insertInto("round_snapshots")
      .values(snapshots.slice(i, i + INSERT_CHUNK).map((s) => snapshotRow(s, closedAt)))
      .onConflict((oc) => oc.columns(["ml_team_id", "period"]).doNothing())
      .execute();
  }
}

/** The latest `perTeam` snapshots of each team, newest first within a team. */
export async function recentSnapshots(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
  perTeam: number,
): Promise<RoundSnapshot[]> {
  if (mlTeamIds.length === 0) return [];
  // A short index walk per team; a window over all snapshots would read every team's whole history. The
  // criteria come back joined into one string (criterion ids hold no comma): a group's roll-up reads thousands
  // of rows, and parsing two text[] per row was most of its time. Periods sort in "C" order (YYYY-MM-DD),
  // which costs the sort a fraction of the database's collation.
  const { rows } = await sql<
    Omit<RoundSnapshot, "met" | "disputed"> & { met: string | null; disputed: string | null }
  >`
    select s.ml_team_id, s.period, s.team_id, s.prompted, s.answered, s.expected, s.away, s.level,
      array_to_string(s.met, ',') as met, s.not_applicable, array_to_string(s.disputed, ',') as disputed,
      s.closed_at
    from unnest(${[...mlTeamIds]}::int[]) as t(id)
    cross join lateral (
      select * from round_snapshots where ml_team_id = t.id order by period desc limit ${perTeam}
    ) s
    order by s.ml_team_id, s.period collate "C" desc`.execute(db);
  return rows.map((r) => ({ ...r, met: criteriaOf(r.met), disputed: criteriaOf(r.disputed) }));
}

const criteriaOf = (joined: string | null): string[] => (joined ? joined.split(",") : []);

/** The one mapping from a snapshot row to the closed round the domain reads. */
/** The latest `perTeam` closed rounds of each team, newest first, by team id (teams with none are absent). */
export async function recentClosedRounds(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
  perTeam: number,
): Promise<Map<number, ClosedRound[]>> {
  const byTeam = new Map<number, ClosedRound[]>();
  for (const row of await recentSnapshots(db, mlTeamIds, perTeam)) {
    const rounds = byTeam.get(row.ml_team_id);
    if (rounds) rounds.push(closedRoundOf(row));
    else byTeam.set(row.ml_team_id, [closedRoundOf(row)]);
  }
  return byTeam;
}

/** A stored level as the domain's: 0..4, null when nobody answered. */
export function storedLevel(level: number | null): Level | null {
  return level === null ? null : (Math.min(4, Math.max(0, level)) as Level);
}

export function closedRoundOf(s: RoundSnapshot): ClosedRound {
  return {
    period: s.period,
    prompted: s.prompted,
    answered: s.answered,
    expected: s.expected,
    away: s.away ?? 0,
    level: storedLevel(s.level),
    met: s.met.filter(isCriterionId),
    disputed: s.disputed.filter(isCriterionId),
    notApplicable: exemptionsOf(s.not_applicable),
    closedAt: s.closed_at,
  };
}

/** Every closed round of one team, newest first: a team's whole history is a few hundred rows at most. */
export async function teamClosedRounds(db: Kysely<Database>, mlTeamId: number): Promise<ClosedRound[]> {
  const rows = await db
    .selectFrom("round_snapshots")
    .selectAll()
    .where("ml_team_id", "=", mlTeamId)
    .orderBy("period", "desc")
    .execute();
  return rows.map(closedRoundOf);
}
