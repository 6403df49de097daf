// Groups of ML teams: plain queries. A workspace's groups hold its own teams; an Enterprise Grid
// organisation's groups (enterprise_id set) hold teams of any of its workspaces. Names are unique per workspace,
// and per organisation, whatever their case (unique indexes on lower(name)), so every lookup by name compares
// lower-cased (and a name pasted from a reply, with look-alikes, as the one typed: names.ts).
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { isNamed } from "./names.js";
import type { Database } from "./schema.js";

export interface GroupRow {
  readonly id: number;
  readonly name: string;
  /** The organisation whose group it is; null for a workspace's group. */
  readonly enterpriseId: string | null;
}

/** Whose groups a request sees: its workspace's, and its organisation's when it has one. */
export interface GroupScope {
  readonly teamId: string;
  readonly enterpriseId: string | null;
}

/** The groups `scope` sees. */
function visibleTo(scope: GroupScope) {
  return (eb: ExpressionBuilder<Database, "ml_groups">) => {
    const own = eb.and([
      eb("ml_groups.team_id", "=", scope.teamId),
      eb("ml_groups.enterprise_id", "is", null),
    ]);
    return scope.enterpriseId === null
      ? own
      : eb.or([own, eb("ml_groups.enterprise_id", "=", scope.enterpriseId)]);
  };
}

export interface GroupWithCount extends GroupRow {
  readonly teams: number;
}

export interface GroupMemberChannel {
  readonly mlTeamId: number;
  readonly channelId: string;
}

/**
 * The group of that name (any case) `scope` sees: its workspace's before its organisation's, and of groups made
 * before names were compared as they look (`a*b` and `a∗b`), always the same one: the oldest.
 */
export async function findGroup(
  db: Kysely<Database>,
  scope: GroupScope,
  name: string,
): Promise<GroupRow | undefined> {
  return named(db, name)
    .where(visibleTo(scope))
    .orderBy(sql`enterprise_id is not null`)
    .orderBy("id")
    .executeTakeFirst();
}

/**
 * A group of that name (any case) an organisation's new group would be confused with: one of the
 * organisation's, or of any of its workspaces'.
 */
export async function findOrganisationClash(
  db: Kysely<Database>,
  enterpriseId: string,
  name: string,
): Promise<GroupRow | undefined> {
  return named(db, name).where(ofOrganisation(enterpriseId)).executeTakeFirst();
}

function named(db: Kysely<Database>, name: string) {
  return db
    .selectFrom("ml_groups")
    .select(["id", "name", "enterprise_id as enterpriseId"])
    .where(isNamed(name));
}

/** The organisation's groups and those of each of its workspaces. */
export function ofOrganisation(enterpriseId: string) {
  return (eb: ExpressionBuilder<Database, "ml_groups">) =>
    eb.or([
      eb("ml_groups.enterprise_id", "=", enterpriseId),
      eb(
        "ml_groups.team_id",
        "in",
        eb.selectFrom("workspaces").select("team_id").where("workspaces.enterprise_id", "=", enterpriseId),
      ),
    ]);
}

/**
 * The new group (an organisation's when `enterpriseId` is set), or undefined when its workspace, or its
 * organisation, has one of that name already (any case).
 */
export async function insertGroup(
  db: Kysely<Database>,
  group: { teamId: string; enterpriseId: string | null; name: string; createdBy: string },
): Promise<GroupRow | undefined> {
  return db
    .insertInto("ml_groups")
    .values({
      team_id: group.teamId,
      enterprise_id: group.enterpriseId,
      name: group.name,
      created_by: group.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(["id", "name", "enterprise_id as enterpriseId"])
    .executeTakeFirst();
}

export async function deleteGroup(db: Kysely<Database>, groupId: number): Promise<void> {
  await db.deleteFrom("ml_groups").where("id", "=", groupId).execute();
}

/** Adds the teams; those already in the group stay as they are. Returns how many were added. */
export async function addToGroup(
  db: Kysely<Database>,
  groupId: number,
  mlTeamIds: readonly number[],
): Promise<number> {
  if (mlTeamIds.length === 0) return 0;
  const added = await db
    .insertInto("ml_group_teams")
    .values(mlTeamIds.map((ml_team_id) => ({ group_id: groupId, ml_team_id })))
    .onConflict((oc) => oc.columns(["group_id", "ml_team_id"]).doNothing())
    .returning("ml_team_id")
    .execute();
  return added.length;
}

export async function removeFromGroup(
  db: Kysely<Database>,
  groupId: number,
  mlTeamIds: readonly number[],
): Promise<void> {
  if (mlTeamIds.length === 0) return;
  await db
    .deleteFrom("ml_group_teams")
    .where("group_id", "=", groupId)
    .where("ml_team_id", "in", [...mlTeamIds])
    .execute();
}

export interface GroupTeam {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
}

/** The group's teams, in id order. */
export async function groupTeams(db: Kysely<Database>, groupId: number): Promise<GroupTeam[]> {
  return db
    .selectFrom("ml_group_teams as m")
    .innerJoin("ml_teams as t", "t.id", "m.ml_team_id")
    .select(["t.id", "t.name", "t.channel_id as channelId"])
    .where("m.group_id", "=", groupId)
    .orderBy("t.id")
    .execute();
}

/** The groups `scope` sees by name, each with its number of teams; `after` (a lower-cased name) pages on. */
export async function listGroups(
  db: Kysely<Database>,
  scope: GroupScope,
  page: { after?: string; limit?: number } = {},
): Promise<GroupWithCount[]> {
  let query = db
    .selectFrom("ml_groups")
    .leftJoin("ml_group_teams as m", "m.group_id", "ml_groups.id")
    .select([
      "ml_groups.id",
      "ml_groups.name",
      "ml_groups.enterprise_id as enterpriseId",
      (eb) => eb.fn.count<string>("m.ml_team_id").as("teams"),
    ])
    .where(visibleTo(scope))
    .groupBy(["ml_groups.id", "ml_groups.name", "ml_groups.enterprise_id"])
    .orderBy(sql`lower(ml_groups.name)`);
  if (page.after !== undefined) query = query.where(sql<string>`lower(ml_groups.name)`, ">", page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, enterpriseId: r.enterpriseId, teams: Number(r.teams) }));
}

/**
 * The teams registered in these channels of the workspace, or of any workspace of the organisation
 * (channels with no team are absent).
 */
export async function teamsInChannels(
  db: Kysely<Database>,
  where: { readonly teamId: string } | { readonly enterpriseId: string },
  channelIds: readonly string[],
): Promise<GroupMemberChannel[]> {
  if (channelIds.length === 0) return [];
  const rows = await db
    .selectFrom("ml_teams")
    .select(["id", "channel_id"])
    .where((eb) =>
      "teamId" in where ? eb("team_id", "=", where.teamId) : eb("enterprise_id", "=", where.enterpriseId),
    )
    .where("channel_id", "in", [...channelIds])
    .execute();
  return rows.map((r) => ({ mlTeamId: r.id, channelId: r.channel_id }));
}

/** Each team's groups' names, by team id, for the teams given. */
export async function groupNamesOf(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
): Promise<Map<number, string[]>> {
  const byTeam = new Map<number, string[]>();
  if (mlTeamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom("ml_group_teams as m")
    .innerJoin("ml_groups as g", "g.id", "m.group_id")
    .select(["m.ml_team_id", "g.name"])
    .where("m.ml_team_id", "in", [...mlTeamIds])
    .orderBy(sql`lower(g.name)`)
    .execute();
  for (const row of rows) byTeam.set(row.ml_team_id, [...(byTeam.get(row.ml_team_id) ?? []), row.name]);
  return byTeam;
}

export interface GroupMembers {
  readonly teamId: string;
  /** The organisation whose group it is; null for a workspace's group. */
  readonly enterpriseId: string | null;
  readonly name: string;
  readonly mlTeamIds: readonly number[];
}

/** Every group of these workspaces and of their organisations, with its teams' ids, by name: one query, for the org digest. */
export async function groupsOfWorkspaces(
  db: Kysely<Database>,
  teamIds: readonly string[],
): Promise<GroupMembers[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom("ml_groups as g")
    .leftJoin("ml_group_teams as m", "m.group_id", "g.id")
    .select(["g.id", "g.team_id", "g.enterprise_id", "g.name", "m.ml_team_id"])
    // An organisation's groups too, whichever of its workspaces they were created in.
    .where((eb) =>
      eb.or([
        eb("g.team_id", "in", [...teamIds]),
        eb(
          "g.enterprise_id",
          "in",
          eb
            .selectFrom("workspaces")
            .select("workspaces.enterprise_id")
            .where("workspaces.team_id", "in", [...teamIds]),
        ),
      ]),
    )
    .orderBy(sql`lower(g.name)`)
    .orderBy("g.id")
    .execute();
  const groups = new Map<number, GroupMembers & { mlTeamIds: number[] }>();
  for (const row of rows) {
    const group = groups.get(row.id) ?? {
      teamId: row.team_id,
      enterpriseId: row.enterprise_id,
      name: row.name,
      mlTeamIds: [],
    };
    if (row.ml_team_id !== null) group.mlTeamIds.push(row.ml_team_id);
    groups.set(row.id, group);
  }
  return [...groups.values()];
}
