// Where the workspace's weekly organisation digest goes. Anyone may choose the first channel; moving or
// stopping it is for whoever chose it and the workspace's admins and owners.
import { clearDigestChannel, setDigestChannel } from "../db/digest.js";
import { ensureWorkspace, findWorkspace, type WorkspaceRef } from "../db/workspaces.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, permissionFrom, type Refusal, timeZoneOf } from "./directory.js";

export interface CurrentDigest {
  readonly channelId: string;
  readonly setBy: string | null;
}

export type DigestOutcome =
  | {
      readonly kind: "set";
      readonly channelId: string;
      readonly timeZone: string;
      readonly previous: string | null;
      /** False when Slack would not say the person's time zone and UTC stands in. */
      readonly zoneIsTheirs: boolean;
    }
  | { readonly kind: "off"; readonly previous: string | null }
  | {
      readonly kind: "refused";
      readonly current: CurrentDigest;
      readonly turningOff: boolean;
      readonly refusal: Refusal;
    }
  /** Someone changed it at the same moment; theirs stands. */
  | { readonly kind: "changed-meanwhile" };

interface DigestRequest {
  readonly workspace: WorkspaceRef;
  readonly userId: string;
}

const choosers = (current: CurrentDigest) => (current.setBy ? [current.setBy] : []);

async function currentDigest(ctx: ServiceContext, teamId: string): Promise<CurrentDigest | null> {
  const workspace = await findWorkspace(ctx.db, teamId);
  return workspace?.digest_channel_id
    ? { channelId: workspace.digest_channel_id, setBy: workspace.digest_set_by }
    : null;
}

/** Sends the digest to `channelId`, every Monday at 09:00 in the person's time zone. */
export async function sendDigestTo(
  ctx: ServiceContext,
  directory: Directory,
  request: DigestRequest & { channelId: string },
): Promise<DigestOutcome> {
  const { workspace, userId, channelId } = request;
  const current = await currentDigest(ctx, workspace.teamId);
  // One lookup: whether they may move it, and their time zone for Monday 09:00.
  const person = await directory.lookUp(userId);
  if (current !== null) {
    const allowed = permissionFrom(userId, choosers(current), person);
    if (allowed.kind !== "allowed") return { kind: "refused", current, turningOff: false, refusal: allowed };
  }
  const timeZone = timeZoneOf(person);
  await ensureWorkspace(ctx.db, workspace);
  const previous = current?.channelId ?? null;
  const setting = { teamId: workspace.teamId, channelId, timeZone, setBy: userId };
  if (!(await setDigestChannel(ctx.db, setting, previous))) return { kind: "changed-meanwhile" };
  return { kind: "set", channelId, timeZone, previous, zoneIsTheirs: person.ok };
}

export async function stopDigest(
  ctx: ServiceContext,
  directory: Directory,
  request: DigestRequest,
): Promise<DigestOutcome> {
  const { workspace, userId } = request;
  const current = await currentDigest(ctx, workspace.teamId);
  if (current === null) return { kind: "off", previous: null };
  const allowed = await permission(directory, userId, choosers(current));
  if (allowed.kind !== "allowed") return { kind: "refused", current, turningOff: true, refusal: allowed };
  const stopped = await clearDigestChannel(ctx.db, workspace.teamId, current.channelId);
  return stopped ? { kind: "off", previous: current.channelId } : { kind: "changed-meanwhile" };
}
