// Groups of ML teams (`/mlops group …`): workspace admins and owners (and Enterprise Grid org admins) create,
// fill, empty and delete a workspace's groups; anyone in the workspace lists them and reads their roll-up.
// On an org-wide Enterprise Grid install, the groups an org admin creates belong to the organisation: they
// take teams of any of its workspaces, every workspace of the organisation sees them, and only its org admins
// change them. Every refusal is an outcome, and nothing is changed by a refused request.
import { groupWindows } from "../db/group-windows.js";
import {
  addToGroup,
  deleteGroup,
  findGroup,
  findOrganisationClash,
  type GroupRow,
  type GroupScope,
  type GroupWithCount,
  groupTeams,
  insertGroup,
  listGroups,
  removeFromGroup,
  teamsInChannels,
} from "../db/groups.js";
import { ensureWorkspace } from "../db/workspaces.js";
import { type GroupRollup, rollupOfTeams } from "../domain/group-rollup.js";
import type { ServiceContext } from "./context.js";
import type { Directory, Refusal } from "./directory.js";
import { judgedWindows } from "./strict-levels.js";

export const GROUP_NAME_MAX = 80;

export interface GroupRequest extends GroupScope {
  /** The request came through the org-wide install of `enterpriseId`. */
  readonly orgWide: boolean;
  readonly userId: string;
  readonly name: string;
}

export type NameProblem = "empty" | "too-long" | "channel";

export type GroupChange =
  | { readonly kind: "refused"; readonly refusal: Refusal }
  /** The group is the organisation's: only its org admins change it, through the org-wide install. */
  | { readonly kind: "organisation-group"; readonly group: string }
  | { readonly kind: "bad-name"; readonly problem: NameProblem }
  /** `organisation`: the name is taken in the organisation (by it, or by one of its workspaces). */
  | { readonly kind: "duplicate"; readonly existing: string; readonly organisation?: boolean }
  | { readonly kind: "unknown-group"; readonly name: string }
  | { readonly kind: "no-team"; readonly channelIds: readonly string[] }
  | { readonly kind: "not-member"; readonly group: string; readonly channelIds: readonly string[] }
  | { readonly kind: "created"; readonly group: string; readonly organisation: boolean }
  | { readonly kind: "added"; readonly group: string; readonly added: number; readonly already: number }
  | { readonly kind: "removed"; readonly group: string; readonly removed: number }
  | { readonly kind: "deleted"; readonly group: string; readonly teams: number };

/** What is wrong with a group name, or null when it will do. */
export function nameProblem(name: string): NameProblem | null {
  if (name.trim() === "") return "empty";
  // Characters as people count them: an emoji is one, not the two UTF-16 units of its length.
  if ([...name].length > GROUP_NAME_MAX) return "too-long";
  // `add <name> #channel…` reads the name up to the first channel: a name cannot hold one.
  if (name.includes("<#")) return "channel";
  return null;
}

/** Who may manage groups: workspace admins and owners, and the organisation's admins on Enterprise Grid. */
async function adminOf(
  directory: Directory,
  userId: string,
): Promise<{ refusal: Refusal } | { orgAdmin: boolean }> {
  const lookup = await directory.lookUp(userId);
  if (!lookup.ok) return { refusal: { kind: "unverified", error: lookup.error } };
  const { isAdmin, isOrgAdmin } = lookup.person;
  return isAdmin || isOrgAdmin ? { orgAdmin: isOrgAdmin === true } : { refusal: { kind: "refused" } };
}

/** The organisation an org admin's request through its org-wide install acts for; null otherwise. */
function organisationOf(request: GroupRequest, admin: { orgAdmin: boolean }): string | null {
  return request.orgWide && admin.orgAdmin ? request.enterpriseId : null;
}

/** An org admin's group on an org-wide install is the organisation's; any other admin's, the workspace's. */
export async function createGroup(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest,
): Promise<GroupChange> {
  const name = request.name.trim();
  const problem = nameProblem(name);
  if (problem) return { kind: "bad-name", problem };
  const admin = await adminOf(directory, request.userId);
  if ("refusal" in admin) return { kind: "refused", refusal: admin.refusal };
  const enterpriseId = organisationOf(request, admin);
  // A name any workspace concerned already uses would make `/mlops status group <name>` ambiguous there.
  const clash = enterpriseId
    ? await findOrganisationClash(ctx.db, enterpriseId, name)
    : await findGroup(ctx.db, request, name);
  if (clash) return { kind: "duplicate", existing: clash.name, organisation: enterpriseId !== null };
  await ensureWorkspace(ctx.db, { teamId: request.teamId, enterpriseId: request.enterpriseId });
  const created = await insertGroup(ctx.db, {
    teamId: request.teamId,
    enterpriseId,
    name,
    createdBy: request.userId,
  });
  if (created) return { kind: "created", group: created.name, organisation: enterpriseId !== null };
  return { kind: "duplicate", existing: name };
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
  change: (group: GroupRow, teams: number[], channelOf: (id: number) => string) => Promise<GroupChange>,
): Promise<GroupChange> {
  const found = await managedGroup(ctx, directory, request);
  if (found.kind !== "group") return found.outcome;
  const { group } = found;
  const channels = [...new Set(request.channelIds)];
  // An organisation's group takes the teams of any of its workspaces; a workspace's, its own teams only.
  const where = group.enterpriseId ? { enterpriseId: group.enterpriseId } : { teamId: request.teamId };
  const teams = await teamsInChannels(ctx.db, where, channels);
  const known = new Set(teams.map((t) => t.channelId));
  const missing = channels.filter((c) => !known.has(c));
  if (missing.length > 0) return { kind: "no-team", channelIds: missing };
  const channelOf = (id: number) => teams.find((t) => t.mlTeamId === id)?.channelId ?? "";
  return change(
    group,
    teams.map((t) => t.mlTeamId),
    channelOf,
  );
}

/** The group the request names, if the requester may change it; otherwise why not. */
async function managedGroup(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest,
): Promise<{ kind: "group"; group: GroupRow } | { kind: "refused"; outcome: GroupChange }> {
  const refused = (outcome: GroupChange) => ({ kind: "refused" as const, outcome });
  const admin = await adminOf(directory, request.userId);
  if ("refusal" in admin) return refused({ kind: "refused", refusal: admin.refusal });
  const group = await findGroup(ctx.db, request, request.name.trim());
  if (!group) return refused({ kind: "unknown-group", name: request.name.trim() });
  if (group.enterpriseId !== null && group.enterpriseId !== organisationOf(request, admin))
    return refused({ kind: "organisation-group", group: group.name });
  return { kind: "group", group };
}

export async function deleteGroupNamed(
  ctx: ServiceContext,
  directory: Directory,
  request: GroupRequest,
): Promise<GroupChange> {
  const found = await managedGroup(ctx, directory, request);
  if (found.kind !== "group") return found.outcome;
  const teams = (await groupTeams(ctx.db, found.group.id)).length;
  await deleteGroup(ctx.db, found.group.id);
  return { kind: "deleted", group: found.group.name, teams };
}

/** The groups a workspace sees (its own and its organisation's) by name, with their numbers of teams. */
export async function workspaceGroups(ctx: ServiceContext, scope: GroupScope): Promise<GroupWithCount[]> {
  return listGroups(ctx.db, scope);
}

export interface GroupStatus {
  readonly name: string;
  readonly rollup: GroupRollup;
}

export type GroupStatusOutcome =
  | { readonly kind: "found"; readonly group: GroupStatus }
  | { readonly kind: "unknown-group"; readonly name: string };

/** The group's roll-up from its teams' closed rounds: two queries whatever the number of teams. */
export async function groupStatus(
  ctx: ServiceContext,
  scope: GroupScope,
  name: string,
): Promise<GroupStatusOutcome> {
  const group = await findGroup(ctx.db, scope, name.trim());
  if (!group) return { kind: "unknown-group", name: name.trim() };
  return { kind: "found", group: { name: group.name, rollup: await rollupOf(ctx, group.id) } };
}

/** The roll-up of a group known by id. */
export async function rollupOf(ctx: ServiceContext, groupId: number): Promise<GroupRollup> {
  return rollupOfTeams(await judgedWindows(ctx, await groupWindows(ctx.db, groupId)));
}
