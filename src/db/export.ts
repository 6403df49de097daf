// Reads for the history export, in pages along primary keys: any number of rows in bounded memory, each page
// one indexed range read, the same on Postgres and on the embedded database.
import { type Kysely, sql } from "kysely";
import type { Role } from "../domain/roles.js";
import type { Database } from "./schema.js";

export interface ExportTeam {
  id: number;
  team_id: string;
  channel_id: string;
  name: string;
}

export interface ExportScope {
  workspaceId?: string;
  mlTeamIds?: readonly number[];
  /** Rounds starting on or after / on or before these days (YYYY-MM-DD). */
  since?: string;
  until?: string;
}

/** The teams in scope, by workspace and channel: the order of the export. */
export async function exportTeams(db: Kysely<Database>, scope: ExportScope): Promise<ExportTeam[]> {
  if (scope.mlTeamIds?.length === 0) return [];
  let query = db.selectFrom("ml_teams").select(["id", "team_id", "channel_id", "name"]);
  if (scope.workspaceId) query = query.where("team_id", "=", scope.workspaceId);
  if (scope.mlTeamIds) query = query.where("id", "in", scope.mlTeamIds);
  return query.orderBy("team_id").orderBy("channel_id").execute();
}

export interface AnswerExportRow {
  period: string;
  user_id: string;
  met: string[];
  not_applicable: Record<string, string> | null;
  note: string | null;
  confirmed_unchanged: true | null;
  role: Role | null;
}

/** Up to `limit` answers of a team after (period, user) `after`, in that order, with each person's role. */
export async function answerPage(
  db: Kysely<Database>,
  team: ExportTeam,
  scope: ExportScope,
  after: { period: string; userId: string } | null,
  limit: number,
): Promise<AnswerExportRow[]> {
  let query = db
    .selectFrom("answers as a")
    .leftJoin("people as p", (join) =>
      join.on("p.team_id", "=", team.team_id).onRef("p.user_id", "=", "a.user_id"),
    )
    .select([
      "a.period",
      "a.user_id",
      "a.met",
      "a.not_applicable",
      "a.note",
      "a.confirmed_unchanged",
      "p.role",
    ])
    .where("a.ml_team_id", "=", team.id);
  if (scope.since) query = query.where("a.period", ">=", scope.since);
  if (scope.until) query = query.where("a.period", "<=", scope.until);
  if (after) query = query.where(sql<boolean>`(a.period, a.user_id) > (${after.period}, ${after.userId})`);
  return query.orderBy("a.period").orderBy("a.user_id").limit(limit).execute();
}

export interface SnapshotExportRow {
  period: string;
  level: number | null;
  met: string[];
  not_applicable: Record<string, string[]> | null;
  expected: number;
  answered: number;
  disputed: string[];
}

/** Up to `limit` closed rounds of a team after `after`, oldest first. */
export async function snapshotPage(
  db: Kysely<Database>,
  team: ExportTeam,
  scope: ExportScope,
  after: string | null,
  limit: number,
): Promise<SnapshotExportRow[]> {
  let query = db
    .selectFrom("round_snapshots")
    .select(["period", "level", "met", "not_applicable", "expected", "answered", "disputed"])
    .where("ml_team_id", "=", team.id);
  if (scope.since) query = query.where("period", ">=", scope.since);
  if (scope.until) query = query.where("period", "<=", scope.until);
  if (after) query = query.where("period", ">", after);
  return query.orderBy("period").limit(limit).execute();
}
