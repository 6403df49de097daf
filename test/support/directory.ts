// A Directory (the services' port for "who is this person?") that knows a fixed cast and records who it
// was asked about, so tests can tell when a service did not need to ask.
import type { Directory, MembershipLookup, Person, PersonLookup } from "../../src/services/directory.js";

export interface KnownPeople extends Directory {
  /** The user ids looked up so far, in order. */
  readonly asked: string[];
  /** The memberships asked about so far, as "<channel>:<user>". */
  readonly membershipsAsked: string[];
}

/** Someone the directory knows, and the channels they are in. */
export type KnownPerson = Partial<Person> & { channels?: readonly string[] };

/**
 * Everyone in `people` is known; anyone else is user_not_found, as Slack answers. Channels no one in
 * `people` is in are ones Slack would not show the bot: channel_not_found.
 */
export function knownPeople(
  people: Record<string, KnownPerson>,
  beforeAnswering: () => unknown = () => {},
): KnownPeople {
  const asked: string[] = [];
  const membershipsAsked: string[] = [];
  const knownChannels = new Set(Object.values(people).flatMap((p) => p.channels ?? []));
  return {
    asked,
    membershipsAsked,
    async lookUp(userId: string): Promise<PersonLookup> {
      asked.push(userId);
      await beforeAnswering();
      const person = people[userId];
      if (!person) return { ok: false, error: "user_not_found" };
      const { channels: _channels, ...known } = person;
      return { ok: true, person: { timeZone: "UTC", isAdmin: false, ...known } };
    },
    async isMember(channelId: string, userId: string): Promise<MembershipLookup> {
      membershipsAsked.push(`${channelId}:${userId}`);
      await beforeAnswering();
      if (!knownChannels.has(channelId)) return { ok: false, error: "channel_not_found" };
      return { ok: true, member: people[userId]?.channels?.includes(channelId) ?? false };
    },
  };
}
