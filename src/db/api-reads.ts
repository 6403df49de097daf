// What the read API and the MCP tools read, always within one token's scope: a workspace's teams and
// groups, or those of every workspace of an Enterprise Grid organisation. Keyset pages: never an offset.
import { type Kysely, sql } from "kysely";
import type { ClosedRound } from "../domain/digest.js";
import { groupByTeam, type LatestRound } from "./answers.js";
import type { ApiScope } from "./api-tokens.js";
import { ofOrganisation } from "./groups.js";
import { preparedQuery } from "./prepared.js";
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

export interface ScopedTeam extends Pick<MlTeam, "id" | "name" | "channel_id" | "team_id"> {
  /** The answers of its latest round with any; undefined before any answer. */
  readonly latest: LatestRound | undefined;
}

/**
 * A page of the scope's teams with an id above `afterId`, by id, each with its latest round's answers: one
 * prepared statement (a page of the org is read 200 teams at a time, and planning its joins cost more than
 * running them).
 */
export async function teamsPageInScope(
  db: Kysely<Database>,
  scope: ApiScope,
  page: { afterId: number; limit: number },
): Promise<ScopedTeam[]> {
  const rows = await TEAMS_PAGE[scope.kind](db, scope.id, page.afterId, page.limit);
  const latest = groupByTeam(rows.filter((r) => r.userId !== null) as AnsweredRow[]);
  const teams = new Map<number, ScopedTeam>();
  for (const { mlTeamId: id, name, channel_id, team_id } of rows) {
    if (!teams.has(id)) teams.set(id, { id, name, channel_id, team_id, latest: latest.get(id) });
  }
  return [...teams.values()];
}

type AnsweredRow = Parameters<typeof groupByTeam>[0][number];

/** The page query, for each kind of scope (the column it filters on is part of the statement). */
const TEAMS_PAGE = {
  workspace: teamsPageQuery("api_teams_page_workspace", "team_id"),
  org: teamsPageQuery("api_teams_page_org", "enterprise_id"),
} as const;

function teamsPageQuery(name: string, column: "team_id" | "enterprise_id") {
  return preparedQuery(name, (db: Kysely<Database>, scopeId: string, afterId: number, limit: number) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom("ml_teams")
          .select(["id", "name", "channel_id", "team_id"])
          .where(column, "=", scopeId)
          .where("id", ">", afterId)
          .orderBy("id")
          .limit(limit)
          .as("t"),
      )
      // Each team's answers of its latest round, found by index: the round is a subquery of the lateral,
      // which keeps Postgres from hashing the whole answers table to join it.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("answers")
            .select([
              "answers.period",
              "answers.user_id as userId",
              // A joined string parses several times faster than a text[] (see latestRounds).
              sql<string>`array_to_string(answers.met, ',')`.as("met"),
              "answers.not_applicable as notApplicable",
            ])
            .whereRef("answers.ml_team_id", "=", "t.id")
            .where("answers.period", "=", (eb) =>
              eb
                .selectFrom("answers as x")
                .select((eb) => eb.fn.max("x.period").as("period"))
                .whereRef("x.ml_team_id", "=", "t.id"),
            )
            .as("a"),
        (join) => join.onTrue(),
      )
      .select([
        "t.id as mlTeamId",
        "t.name",
        "t.channel_id",
        "t.team_id",
        "a.period",
        "a.userId",
        "a.met",
        "a.notApplicable",
      ])
      .orderBy("t.id")
      .orderBy("a.userId"),
  );
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
    .selectFrom("ml_groups")
    .select((eb) => [
      "ml_groups.id",
      "ml_groups.name",
      "ml_groups.team_id as workspaceId",
      eb
        .selectFrom("ml_group_teams as m")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("m.group_id", "=", "ml_groups.id")
        .as("teams"),
    ])
    .orderBy("ml_groups.id");
  // A workspace's token reads its own groups, never an organisation's (they hold other workspaces' teams);
  // an organisation's reads its groups and those of each of its workspaces.
  query =
    scope.kind === "workspace"
      ? query.where("ml_groups.team_id", "=", scope.id).where("ml_groups.enterprise_id", "is", null)
      : query.where(ofOrganisation(scope.id));
  if (page.afterId !== undefined) query = query.where("ml_groups.id", ">", page.afterId);
  if (page.name !== undefined)
    query = query.where((eb) => eb(eb.fn("lower", ["ml_groups.name"]), "=", page.name?.toLowerCase()));
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
