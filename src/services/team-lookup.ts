// Which team a command is about: the channel's own team, a mentioned channel's, or one named.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { findTeamsByName, type TeamWithRespondents } from "../db/teams.js";

/** What the person pointed at; null when they named nothing where no team can be (a direct message). */
export type TeamQuery =
  | { readonly by: "channel"; readonly channelId: string; readonly mentioned: boolean }
  /** `typed` is what the person wrote, for replies; `name` is it without a leading #. */
  | { readonly by: "name"; readonly name: string; readonly typed: string }
  | null;

export type TeamReference<T = TeamWithRespondents> =
  | { kind: "found"; team: T }
  /** The channel (this one, or the one mentioned) has no team in this workspace. */
  | { kind: "no-team"; channelId: string; mentioned: boolean }
  /** A name several teams share: the channel must be mentioned instead. */
  | { kind: "ambiguous"; argument: string; channelIds: string[] }
  /** Text that is neither a channel mention nor the name of exactly one team. */
  | { kind: "unknown"; argument: string }
  /** Run without an argument where no team can be (a direct message). */
  | { kind: "not-a-channel" };

/** Reads the team registered in a channel of a workspace, with whatever the use case needs of it. */
export type ReadTeamInChannel<T> = (
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
) => Promise<T | undefined>;

/** The team `query` means, only ever in workspace `teamId`, read with `read` (e.g. with its latest round). */
export async function lookUpTeam<T>(
  db: Kysely<Database>,
  teamId: string,
  query: TeamQuery,
  read: ReadTeamInChannel<T>,
): Promise<TeamReference<T>> {
  if (query === null) return { kind: "not-a-channel" };
  if (query.by === "channel") {
    const team = await read(db, teamId, query.channelId);
    return team
      ? { kind: "found", team }
      : { kind: "no-team", channelId: query.channelId, mentioned: query.mentioned };
  }
  // Typed by hand (or without escaping) a channel arrives as its name, which is also a team's default name.
  const named = await findTeamsByName(db, teamId, query.name);
  if (named.length > 1) {
    return { kind: "ambiguous", argument: query.typed, channelIds: named.map((t) => t.channel_id) };
  }
  const only = named[0];
  const team = only && (await read(db, teamId, only.channel_id));
  return team ? { kind: "found", team } : { kind: "unknown", argument: query.typed };
}

/** The same reference with the team found turned into what a use case answers with. */
export async function mapFound<T, U>(
  reference: TeamReference<T>,
  map: (team: T) => U | Promise<U>,
): Promise<TeamReference<U>> {
  return reference.kind === "found" ? { kind: "found", team: await map(reference.team) } : reference;
}
