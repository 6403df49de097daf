// The org-level digest of an org-wide Enterprise Grid install (`/mlops digest org`): one channel for the whole
// organisation, over the teams of all its workspaces, beside each workspace's own digest. Org admins and
// owners choose, move and stop it.
import { clearOrgDigest, findOrgDigest, setOrgDigest } from "../db/digest.js";
import { ensureWorkspace } from "../db/workspaces.js";
import type { ServiceContext } from "./context.js";
import { type Directory, timeZoneOf } from "./directory.js";

export interface OrgDigestRequest {
  readonly teamId: string;
  /** The organisation the request came through, when it came through an org-wide install. */
  readonly orgWideEnterpriseId: string | null;
  readonly userId: string;
}

export type OrgDigestOutcome =
  | { readonly kind: "not-org-wide" }
  | { readonly kind: "refused"; readonly error: string | null }
  | {
      readonly kind: "set";
      readonly channelId: string;
      readonly timeZone: string;
      readonly previous: string | null;
    }
  | { readonly kind: "off"; readonly previous: string | null };

/** Sends the organisation's digest to `channelId` every Monday at 09:00 in the org admin's time zone; or stops it. */
export async function chooseOrgDigest(
  ctx: ServiceContext,
  directory: Directory,
  request: OrgDigestRequest & { channelId: string | null },
): Promise<OrgDigestOutcome> {
  const enterpriseId = request.orgWideEnterpriseId;
  if (!enterpriseId) return { kind: "not-org-wide" };
  const person = await directory.lookUp(request.userId);
  if (!person.ok) return { kind: "refused", error: person.error };
  if (!person.person.isOrgAdmin) return { kind: "refused", error: null };
  const previous = (await findOrgDigest(ctx.db, enterpriseId))?.channel_id ?? null;
  if (request.channelId === null) {
    await clearOrgDigest(ctx.db, enterpriseId);
    return { kind: "off", previous };
  }
  const timeZone = timeZoneOf(person);
  await ensureWorkspace(ctx.db, { teamId: request.teamId, enterpriseId });
  await setOrgDigest(ctx.db, {
    enterpriseId,
    teamId: request.teamId,
    channelId: request.channelId,
    timeZone,
    setBy: request.userId,
  });
  return { kind: "set", channelId: request.channelId, timeZone, previous };
}
