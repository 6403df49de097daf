// The words after `/mlops`: the verb, a team argument, a number of weeks.
import { MAX_PAUSE_WEEKS } from "../../services/pause.js";
import type { TeamQuery } from "../../services/team-lookup.js";
import { CHANNEL_ID } from "./id-formats.js";

// Slack sends a command's text in its own markup ("all text in Slack uses the same system of escaping",
// api.slack.com/docs/message-formatting): a typed &, < or > arrives as &amp;, &lt; or &gt;, so that it cannot
// pass for one of its <…> links or mentions. Text typed as such an entity comes back as the character: harmless.
const TYPED: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/** The command's text as the person typed it (mentions stay <#C…>, <@U…>). Once, where the text arrives. */
export function typedText(wire: string): string {
  return wire.replace(/&(?:amp|lt|gt);/g, (entity) => TYPED[entity] ?? entity);
}

export function parseCommandText(text: string): { verb: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { verb: trimmed.toLowerCase(), rest: "" };
  return { verb: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space).trim() };
}

// With should_escape on, Slack sends "#ml-platform" as "<#C123|ml-platform>" (or "<#C123>").
const CHANNEL_MENTION = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** How a team is named after a command that takes one: its channel, or its name. One place for every usage. */
export const TEAM_ARGUMENT = "[#channel | team name]";

/** The team a command names: this channel's (no argument), a mentioned channel's, or one by name. */
export function parseTeamArgument(channelId: string, argument: string): TeamQuery {
  if (argument === "")
    return CHANNEL_ID.test(channelId) ? { by: "channel", channelId, mentioned: false } : null;
  const mentioned = CHANNEL_MENTION.exec(argument)?.[1];
  if (mentioned) return { by: "channel", channelId: mentioned, mentioned: true };
  return { by: "name", name: argument.replace(/^#/, ""), typed: argument };
}

/** "2", "2w", "2 weeks" → 2; null unless 1 to 52. */
export function parseWeeks(text: string): number | null {
  const match = /^(\d{1,3})\s*(w|wk|wks|week|weeks)?$/i.exec(text.trim());
  const weeks = Number(match?.[1]);
  return match && weeks >= 1 && weeks <= MAX_PAUSE_WEEKS ? weeks : null;
}

// Slack names private channels and DMs generically in slash commands; those are no team names.
const GENERIC_CHANNEL_NAMES = new Set(["privategroup", "directmessage"]);

/** A new team's name starts as its channel's, when Slack gives a real one. */
export function suggestedTeamName(channelName: string): string {
  return GENERIC_CHANNEL_NAMES.has(channelName) ? "" : channelName;
}

const CHANNEL_MENTIONS = /<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g;

/** `<name> #channel [#channel…]`: the name up to the first channel, then only channels; null otherwise. */
export function parseGroupMembers(text: string): { name: string; channelIds: string[] } | null {
  const first = text.indexOf("<#");
  if (first <= 0) return null;
  const name = text.slice(0, first).trim();
  const mentions = text.slice(first);
  if (name === "" || mentions.replace(CHANNEL_MENTIONS, "").trim() !== "") return null;
  return { name, channelIds: [...mentions.matchAll(CHANNEL_MENTIONS)].map((m) => m[1] ?? "") };
}
