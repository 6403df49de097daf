// Groups of a workspace's ML teams: plain queries. Names are unique per workspace whatever their case
// (a unique index on lower(name)), so every lookup by name compares lower-cased.
import { type Kysely, sql } from "kysely";
import type { Database, MlTeam } from "./schema.js";

export interface GroupRow {
  readonly id: number;
  readonly name: string;
}

export interface GroupWithCount extends GroupRow {
  readonly teams: number;
}

export interface GroupMemberChannel {
  readonly mlTeamId: number;
  readonly channelId: string;
}

/** The workspace's group of that name, any case. */
export async function findGroup(
  db: Kysely<Database>,
  teamId: string,
  name: string,
): Promise<GroupRow | undefined> {
  return db
    .selectFrom("ml_groups")
    .select(["id", "name"])
    .where("team_id", "=", teamId)
    .where(sql<string>`lower(name)`, "=", name.toLowerCase())
    .executeTakeFirst();
}

/** The new group, or undefined when the workspace has one of that name already (any case). */
export async function insertGroup(
  db: Kysely<Database>,
  group: { teamId: string; name: string; createdBy: string },
): Promise<GroupRow | undefined> {
  return db
    .insertInto("ml_groups")
    .values({ team_id: group.teamId, name: group.name, created_by: group.createdBy })
    .onConflict((oc) => oc.expression(sql`team_id, lower(name)`).doNothing())
    .returning(["id", "name"])
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

export interface GroupTeam
  extends Pick<MlTeam, "team_id" | "cadence" | "checkin_day" | "checkin_time" | "time_zone"> {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
}

/** The group's teams, in id order. */
export async function groupTeams(db: Kysely<Database>, groupId: number): Promise<GroupTeam[]> {
  return db
    .selectFrom("ml_group_teams as m")
    .innerJoin("ml_teams as t", "t.id", "m.ml_team_id")
    .select([
      "t.id",
      "t.name",
      "t.channel_id as channelId",
      // Its workspace and schedule: the round ends a roll-up judges evidence at.
      "t.team_id",
      "t.cadence",
      "t.checkin_day",
      "t.checkin_time",
      "t.time_zone",
    ])
    .where("m.group_id", "=", groupId)
    .orderBy("t.id")
    .execute();
}

/** The workspace's groups by name, each with its number of teams; `after` (a lower-cased name) pages on. */
export async function listGroups(
  db: Kysely<Database>,
  teamId: string,
  page: { after?: string; limit?: number } = {},
): Promise<GroupWithCount[]> {
  let query = db
    .selectFrom("ml_groups as g")
    .leftJoin("ml_group_teams as m", "m.group_id", "g.id")
    .select(["g.id", "g.name", (eb) => eb.fn.count<string>("m.ml_team_id").as("teams")])
    .where("g.team_id", "=", teamId)
    .groupBy(["g.id", "g.name"])
    .orderBy(sql`lower(g.name)`);
  if (page.after !== undefined) query = query.where(sql<string>`lower(g.name)`, ">", page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, teams: Number(r.teams) }));
}

/** The teams registered in these channels of the workspace (channels with no team are absent). */
export async function teamsInChannels(
  db: Kysely<Database>,
  teamId: string,
  channelIds: readonly string[],
): Promise<GroupMemberChannel[]> {
  if (channelIds.length === 0) return [];
  const rows = await db
    .selectFrom("ml_teams")
    .select(["id", "channel_id"])
    .where("team_id", "=", teamId)
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
  readonly name: string;
  readonly mlTeamIds: readonly number[];
}

/** Every group of these workspaces with its teams' ids, by name: one query, for the org digest. */
export async function groupsOfWorkspaces(
  db: Kysely<Database>,
  teamIds: readonly string[],
): Promise<GroupMembers[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom("ml_groups as g")
    .leftJoin("ml_group_teams as m", "m.group_id", "g.id")
    .select(["g.id", "g.team_id", "g.name", "m.ml_team_id"])
    .where("g.team_id", "in", [...teamIds])
    .orderBy(sql`lower(g.name)`)
    .orderBy("g.id")
    .execute();
  const groups = new Map<number, { teamId: string; name: string; mlTeamIds: number[] }>();
  for (const row of rows) {
    const group = groups.get(row.id) ?? { teamId: row.team_id, name: row.name, mlTeamIds: [] };
    if (row.ml_team_id !== null) group.mlTeamIds.push(row.ml_team_id);
    groups.set(row.id, group);
  }
  return [...groups.values()];
}
