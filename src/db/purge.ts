// Deleting every row of a workspace: for a data-deletion request (`purge`), and for a workspace uninstalled
// longer ago than UNINSTALL_RETENTION_DAYS (the tick). Counted per table first, then deleted in the caller's
// transaction, so the report says exactly what went.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per table, in the order a person reads them; every table that holds a workspace's data. */
export interface WorkspaceRows {
  readonly workspaces: number;
  readonly ml_teams: number;
  readonly team_respondents: number;
  readonly people: number;
  readonly answers: number;
  readonly round_snapshots: number;
  readonly deliveries: number;
  readonly snoozes: number;
  readonly slack_installations: number;
  /** An organisation's digest whose channel is in this workspace. */
  readonly org_digests: number;
  readonly mlflow_settings: number;
  readonly mlflow_sources: number;
}

export async function countWorkspaceRows(db: Db, teamId: string): Promise<WorkspaceRows> {
  const byTeam = (table: "ml_teams" | "people" | "answers" | "round_snapshots" | "deliveries") =>
    sql<number>`(select count(*)::int from ${sql.table(table)} where team_id = ${teamId})`;
  const byMlTeam = (table: "team_respondents" | "snoozes") =>
    sql<number>`(select count(*)::int from ${sql.table(table)} t join ml_teams m on m.id = t.ml_team_id where m.team_id = ${teamId})`;
  const { rows } = await sql<WorkspaceRows>`select
      (select count(*)::int from workspaces where team_id = ${teamId}) as workspaces,
      ${byTeam("ml_teams")} as ml_teams,
      ${byMlTeam("team_respondents")} as team_respondents,
      ${byTeam("people")} as people,
      ${byTeam("answers")} as answers,
      ${byTeam("round_snapshots")} as round_snapshots,
      ${byTeam("deliveries")} as deliveries,
      ${byMlTeam("snoozes")} as snoozes,
      (select count(*)::int from slack_installations
        where team_id = ${teamId} and not is_enterprise_install) as slack_installations,
      (select count(*)::int from org_digests where team_id = ${teamId}) as org_digests,
      (select count(*)::int from mlflow_settings where workspace_id = ${teamId}) as mlflow_settings,
      (select count(*)::int from mlflow_sources where workspace_id = ${teamId}) as mlflow_sources`.execute(
    db,
  );
  const [counts] = rows;
  if (!counts) throw new Error("count of a workspace's rows returned nothing");
  return counts;
}

/**
 * Deletes every row of the workspace (the workspace row's cascade takes its teams, respondents, answers,
 * snapshots, snoozes and people); its own installation goes too, never an org-wide one that serves others.
 */
export async function deleteWorkspaceRows(trx: Transaction<Database>, teamId: string): Promise<void> {
  await trx.deleteFrom("deliveries").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("answers").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("round_snapshots").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("people").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("ml_teams").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("workspaces").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("org_digests").where("team_id", "=", teamId).execute();
  await trx.deleteFrom("mlflow_settings").where("workspace_id", "=", teamId).execute();
  await trx.deleteFrom("mlflow_sources").where("workspace_id", "=", teamId).execute();
  await trx.deleteFrom("github_accounts").where("team_id", "=", teamId).execute();
  await trx
    .deleteFrom("api_tokens")
    .where("scope_kind", "=", "workspace")
    .where("scope_id", "=", teamId)
    .execute();
  await trx
    .deleteFrom("slack_installations")
    .where("team_id", "=", teamId)
    .where("is_enterprise_install", "=", false)
    .execute();
}

/** Workspaces uninstalled at or before `before` (their retention is over). */
export async function workspacesUninstalledBefore(db: Db, before: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("workspaces")
    .select("team_id")
    .where("uninstalled_at", "<=", before)
    .orderBy("team_id")
    .execute();
  return rows.map((r) => r.team_id);
}
