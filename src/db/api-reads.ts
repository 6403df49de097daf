// What the read API and the MCP tools read, always within one token's scope: a workspace's teams and
// groups, or those of every workspace of an Enterprise Grid organisation. Keyset pages: never an offset.
import type { Kysely } from "kysely";
import type { ClosedRound } from "../domain/digest.js";
import type { ApiScope } from "./api-tokens.js";
import type { Database, MlTeam } from "./schema.js";
import { closedRoundOf } from "./snapshots.js";

/** Teams in scope with an id above `afterId`, by id, at most `limit`. */
export async function teamsInScope(
  db: Kysely<Database>,
  scope: ApiScope,
  page: { afterId: number; limit: number },
): Promise<MlTeam[]> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where(scope.kind === "workspace" ? "team_id" : "enterprise_id", "=", scope.id)
    .where("id", ">", page.afterId)
    .orderBy("id")
    .limit(page.limit)
    .execute();
}

export async function teamInScope(
  db: Kysely<Database>,
  scope: ApiScope,
  mlTeamId: number,
): Promise<MlTeam | undefined> {
  return db
    .selectFrom("ml_teams")
    .selectAll()
    .where(scope.kind === "workspace" ? "team_id" : "enterprise_id", "=", scope.id)
    .where("id", "=", mlTeamId)
    .executeTakeFirst();
}

export interface ScopedGroup {
  readonly id: number;
  readonly name: string;
  readonly workspaceId: string;
  readonly teams: number;
}

/** Groups in scope with an id above `afterId` (all of them with a name, any case), by id, with their sizes. */
export async function groupsInScope(
  db: Kysely<Database>,
  scope: ApiScope,
  page: { afterId?: number; limit?: number; name?: string },
): Promise<ScopedGroup[]> {
  let query = db
    .selectFrom("ml_groups as g")
    .select((eb) => [
      "g.id",
      "g.name",
      "g.team_id as workspaceId",
      eb
        .selectFrom("ml_group_teams as m")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("m.group_id", "=", "g.id")
        .as("teams"),
    ])
    .orderBy("g.id");
  query =
    scope.kind === "workspace"
      ? query.where("g.team_id", "=", scope.id)
      : query.where("g.team_id", "in", (eb) =>
          eb.selectFrom("workspaces").select("team_id").where("enterprise_id", "=", scope.id),
        );
  if (page.afterId !== undefined) query = query.where("g.id", ">", page.afterId);
  if (page.name !== undefined)
    query = query.where((eb) => eb(eb.fn("lower", ["g.name"]), "=", page.name?.toLowerCase()));
  if (page.limit !== undefined) query = query.limit(page.limit);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, teams: Number(r.teams ?? 0) }));
}

/** A team's closed rounds before `before` (a period; all when null), newest first, at most `limit`. */
export async function closedRoundsBefore(
  db: Kysely<Database>,
  mlTeamId: number,
  before: string | null,
  limit: number,
): Promise<ClosedRound[]> {
  let query = db.selectFrom("round_snapshots").selectAll().where("ml_team_id", "=", mlTeamId);
  if (before !== null) query = query.where("period", "<", before);
  const rows = await query.orderBy("period", "desc").limit(limit).execute();
  return rows.map(closedRoundOf);
}
