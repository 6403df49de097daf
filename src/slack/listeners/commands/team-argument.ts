import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { findTeamByChannel, findTeamsByName, type TeamWithRespondents } from "../../../db/teams.js";
import { CHANNEL_ID } from "../../views/setup-form.js";

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

/** Reads the team registered in a channel of a workspace, with whatever the command needs of it. */
export type FindTeamByChannel<T> = (
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
) => Promise<T | undefined>;

type Command = { team_id: string; channel_id: string };

// With should_escape on, Slack sends "#ml-platform" as "<#C123|ml-platform>" (or "<#C123>").
const CHANNEL_MENTION = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** The team a command is about: this channel's, a mentioned channel's, or one named; only in this workspace. */
export function resolveTeam(
  db: Kysely<Database>,
  command: Command,
  argument: string,
): Promise<TeamReference> {
  return resolveTeamWith(findTeamByChannel, db, command, argument);
}

/** resolveTeam, reading the team found with `find` (e.g. together with its latest round). */
export async function resolveTeamWith<T>(
  find: FindTeamByChannel<T>,
  db: Kysely<Database>,
  command: Command,
  argument: string,
): Promise<TeamReference<T>> {
  if (argument === "" && !CHANNEL_ID.test(command.channel_id)) return { kind: "not-a-channel" };
  const channelId = argument === "" ? command.channel_id : CHANNEL_MENTION.exec(argument)?.[1];
  if (channelId) {
    const team = await find(db, command.team_id, channelId);
    return team ? { kind: "found", team } : { kind: "no-team", channelId, mentioned: argument !== "" };
  }
  // Without escaping (or typed by hand) a channel arrives as its name, which is also a team's default name.
  const named = await findTeamsByName(db, command.team_id, argument.replace(/^#/, ""));
  if (named.length > 1) return { kind: "ambiguous", argument, channelIds: named.map((t) => t.channel_id) };
  const only = named[0];
  const team = only && (await find(db, command.team_id, only.channel_id));
  return team ? { kind: "found", team } : { kind: "unknown", argument };
}
