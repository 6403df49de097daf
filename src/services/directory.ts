// Who someone is, as the use cases need to know it. Slack answers these questions (users.info,
// conversations.members), but the use cases only see this interface: slack/api/directory.ts implements it
// over a Web API client.

export interface Person {
  /** The person's time zone when it is a valid IANA name, else UTC. */
  readonly timeZone: string;
  /** A workspace admin or owner. */
  readonly isAdmin: boolean;
  /** An Enterprise Grid org admin or owner (users.info's enterprise_user); false outside an org. */
  readonly isOrgAdmin?: boolean;
}

/** A person, or the error code Slack gave instead (user_not_found, missing_scope, …). */
export type PersonLookup = { ok: true; person: Person } | { ok: false; error: string };

/** Whether someone is in a channel, or the error code Slack gave instead (channel_not_found, …). */
export type MembershipLookup = { ok: true; member: boolean } | { ok: false; error: string };

export interface Directory {
  /** Refusals come back as values; an unreachable Slack throws. */
  lookUp(userId: string): Promise<PersonLookup>;
  /** Whether the person is a member of the channel; refusals come back as values, as with lookUp. */
  isMember(channelId: string, userId: string): Promise<MembershipLookup>;
}

/** Whether someone may do something; "unverified" when Slack would not say whether they are an admin. */
export type Permission = { kind: "allowed" } | { kind: "refused" } | { kind: "unverified"; error: string };
export type Refusal = Exclude<Permission, { kind: "allowed" }>;

/** The people named may; anyone else only as a workspace admin or owner. */
export function permissionFrom(userId: string, named: readonly string[], lookup: PersonLookup): Permission {
  if (named.includes(userId)) return { kind: "allowed" };
  if (!lookup.ok) return { kind: "unverified", error: lookup.error };
  return { kind: lookup.person.isAdmin ? "allowed" : "refused" };
}

/** permissionFrom, asking the directory only when the person is not one of those named. */
export async function permission(
  directory: Directory,
  userId: string,
  named: readonly string[],
): Promise<Permission> {
  if (named.includes(userId)) return { kind: "allowed" };
  return permissionFrom(userId, named, await directory.lookUp(userId));
}

/** The person's time zone, or UTC when the directory will not say. */
export function timeZoneOf(lookup: PersonLookup): string {
  return lookup.ok ? lookup.person.timeZone : "UTC";
}
