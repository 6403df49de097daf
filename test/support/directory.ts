// A Directory (the services' port for "who is this person?") that knows a fixed cast and records who it
// was asked about, so tests can tell when a service did not need to ask.
import type { Directory, Person, PersonLookup } from "../../src/services/directory.js";

export interface KnownPeople extends Directory {
  /** The user ids looked up so far, in order. */
  readonly asked: string[];
}

/** Everyone in `people` is known; anyone else is user_not_found, as Slack answers. */
export function knownPeople(
  people: Record<string, Partial<Person>>,
  beforeAnswering: () => unknown = () => {},
): KnownPeople {
  const asked: string[] = [];
  return {
    asked,
    async lookUp(userId: string): Promise<PersonLookup> {
      asked.push(userId);
      await beforeAnswering();
      const person = people[userId];
      return person
        ? { ok: true, person: { timeZone: "UTC", isAdmin: false, ...person } }
        : { ok: false, error: "user_not_found" };
    },
  };
}
