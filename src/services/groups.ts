// Groups of a workspace's ML teams (`/mlops group …`): workspace admins and owners (and Enterprise Grid org
// admins) create, fill, empty and delete them; anyone in the workspace lists them and reads their roll-up.
// Every refusal is an outcome, and nothing is changed by a refused request.
import {
  addToGroup,
  deleteGroup,
  findGroup,
  type GroupWithCount,
  groupTeams,
  insertGroup,
  listGroups,
  removeFromGroup,
  teamsInChannels,
} from "../db/groups.js";
import { recentClosedRounds } from "../db/snapshots.js";
import { ensureWorkspace } from "../db/workspaces.js";
import { type GroupRollup, groupRollup, ROLLUP_ROUNDS } from "../domain/group-rollup.js";
import type { ServiceContext } from "./context.js";
import type { Directory, Refusal } from "./directory.js";
import { rolledUpTeams } from "./strict-levels.js";

export const GROUP_NAME_MAX = 80;

export interface GroupRequest {
  readonly teamId: string;
  readonly enterpriseId: string | null;
  readonly userId: string;
  readonly name: string;
}

export type NameProblem = "empty" | "too-long" | "channel";

export type GroupChange =
  | { readonly kind: "refused"; readonly refusal: Refusal }
  | { readonly kind: "bad-name"; readonly problem: NameProblem }
  | { readonly kind: "duplicate"; readonly existing: string }
  | { readonly kind: "unknown-group"; readonly name: string }
  | { readonly kind: "no-team"; readonly channelIds: readonly string[] }
  | { readonly kind: "not-member"; readonly group: string; readonly channelIds: readonly string[] }
  | { readonly kind: "created"; readonly group: string }
  | { readonly kind: "added"; readonly group: string; readonly added: number; readonly already: number }
  | { readonly kind: "removed"; readonly group: string; readonly removed: number }
  | { readonly kind: "deleted"; readonly group: string; readonly teams: number };

/** What is wrong with a group name, or null when it will do. */
export function nameProblem(name: string): NameProblem | null {
  if (name.trim() === "") return "empty";
  if (name.length > GROUP_NAME_MAX) return "too-long";
  // `add <name> #channel…` reads the name up to the first channel: a name cannot hold one.
  if (name.includes("<#")) return "channel";
  return null;
}

/** Workspace admins and owners, and the organisation's admins on Enterprise Grid, manage groups. */
async function adminRefusal(directory: Directory, userId: string): Promise<Refusal | null> {
  const lookup = await directory.lookUp(userId);
  if (!lookup.ok) return { kind: "unverified", error: lookup.error };
  return lookup.person.isAdmin || lookup.person.isOrgAdmin ? null : { kind: "refused" };
}

export async function createGroup(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest,
): Promise<GroupChange> {
  const name = request.name.trim();
  const problem = nameProblem(name);
  if (problem) return { kind: "bad-name", problem };
  const refusal = await adminRefusal(directory, request.userId);
  if (refusal) return { kind: "refused", refusal };
  await ensureWorkspace(ctx.db, { teamId: request.teamId, enterpriseId: request.enterpriseId });
  const created = await insertGroup(ctx.db, { teamId: request.teamId, name, createdBy: request.userId });
  if (created) return { kind: "created", group: created.name };
  const existing = await findGroup(ctx.db, request.teamId, name);
  return { kind: "duplicate", existing: existing?.name ?? name };
}

/** Adds the teams of these channels; refused whole when one of them has no team. */
export async function addTeamsToGroup(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest & { readonly channelIds: readonly string[] },
): Promise<GroupChange> {
  return changeMembers(ctx, directory, request, async (group, teams) => {
    const added = await addToGroup(ctx.db, group.id, teams);
    return { kind: "added", group: group.name, added, already: teams.length - added };
  });
}

/** Removes the teams of these channels; refused whole when one of them is not in the group. */
export async function removeTeamsFromGroup(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest & { readonly channelIds: readonly string[] },
): Promise<GroupChange> {
  return changeMembers(ctx, directory, request, async (group, teams, channelOf) => {
    const members = new Set((await groupTeams(ctx.db, group.id)).map((t) => t.id));
    const outside = teams.filter((id) => !members.has(id));
    if (outside.length > 0) {
      return { kind: "not-member", group: group.name, channelIds: outside.map((id) => channelOf(id)) };
    }
    await removeFromGroup(ctx.db, group.id, teams);
    return { kind: "removed", group: group.name, removed: teams.length };
  });
}

async function changeMembers(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest & { readonly channelIds: readonly string[] },
  change: (
    group: { id: number; name: string },
    teams: number[],
    channelOf: (id: number) => string,
  ) => Promise<GroupChange>,
): Promise<GroupChange> {
  const refusal = await adminRefusal(directory, request.userId);
  if (refusal) return { kind: "refused", refusal };
  const group = await findGroup(ctx.db, request.teamId, request.name.trim());
  if (!group) return { kind: "unknown-group", name: request.name.trim() };
  const channels = [...new Set(request.channelIds)];
  const found = await teamsInChannels(ctx.db, request.teamId, channels);
  const known = new Set(found.map((t) => t.channelId));
  const missing = channels.filter((c) => !known.has(c));
  if (missing.length > 0) return { kind: "no-team", channelIds: missing };
  const channelOf = (id: number) => found.find((t) => t.mlTeamId === id)?.channelId ?? "";
  return change(
    group,
    found.map((t) => t.mlTeamId),
    channelOf,
  );
}

export async function deleteGroupNamed(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest,
): Promise<GroupChange> {
  const refusal = await adminRefusal(directory, request.userId);
  if (refusal) return { kind: "refused", refusal };
  const group = await findGroup(ctx.db, request.teamId, request.name.trim());
  if (!group) return { kind: "unknown-group", name: request.name.trim() };
  const teams = (await groupTeams(ctx.db, group.id)).length;
  await deleteGroup(ctx.db, group.id);
  return { kind: "deleted", group: group.name, teams };
}

/** The workspace's groups by name, with their numbers of teams. */
export async function workspaceGroups(ctx: ServiceContext, teamId: string): Promise<GroupWithCount[]> {
  return listGroups(ctx.db, teamId);
}

export interface GroupStatus {
  readonly name: string;
  readonly rollup: GroupRollup;
}

export type GroupStatusOutcome =
  | { readonly kind: "found"; readonly group: GroupStatus }
  | { readonly kind: "unknown-group"; readonly name: string };

/** The group's roll-up from its teams' closed rounds: three queries whatever the number of teams. */
export async function groupStatus(
  ctx: ServiceContext,
  teamId: string,
  name: string,
): Promise<GroupStatusOutcome> {
  const group = await findGroup(ctx.db, teamId, name.trim());
  if (!group) return { kind: "unknown-group", name: name.trim() };
  return { kind: "found", group: { name: group.name, rollup: await rollupOf(ctx, group.id) } };
}

/** The roll-up of a group known by id. */
export async function rollupOf(ctx: ServiceContext, groupId: number): Promise<GroupRollup> {
  const teams = await groupTeams(ctx.db, groupId);
  const history = await recentClosedRounds(
    ctx.db,
    teams.map((t) => t.id),
    ROLLUP_ROUNDS,
  );
  return groupRollup(await rolledUpTeams(ctx, teams, history));
}
