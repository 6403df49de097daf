// Replies to `/mlops group …`: what changed, or why nothing did. Group names are people's words: escaped.
import type { GroupWithCount } from "../../db/groups.js";
import { GROUP_NAME_MAX, type GroupChange, type NameProblem } from "../../services/groups.js";
import { GROUP_BLOCKS } from "../ids.js";
import { section } from "./blocks.js";
import type { EphemeralMessage } from "./help.js";
import { escapeMrkdwn, nameText, truncate } from "./mrkdwn.js";
import { plural } from "./phrases.js";
import { ephemeral } from "./replies.js";

export const GROUP_USAGE = "/mlops group create|add|remove|delete|list <name> [#channel…]";

/** What each form of the command looks like, for a mistyped one. */
export function groupUsage(typed?: string): EphemeralMessage {
  const lead = typed
    ? `:thinking_face: I couldn't read \`${nameText(typed, 80)}\`, so nothing changed.`
    : "Groups gather teams (a tribe, a domain, a department) for a roll-up.";
  return ephemeral(
    [
      lead,
      "• `/mlops group create &lt;name&gt;`: a new, empty group (workspace admins; an org admin's, on an org-wide install, is the whole organisation's)",
      "• `/mlops group add &lt;name&gt; #channel [#channel…]`: add the teams of these channels",
      "• `/mlops group remove &lt;name&gt; #channel [#channel…]`: take them out again",
      "• `/mlops group delete &lt;name&gt;`: delete the group (the teams stay as they are)",
      "• `/mlops group list`: every group of this workspace (and of its organisation)",
      "• `/mlops status group &lt;name&gt;`: the group's roll-up",
    ].join("\n"),
  );
}

const quoted = (name: string) => `*${nameText(name, GROUP_NAME_MAX)}*`;
const channels = (ids: readonly string[]) => ids.map((id) => `<#${id}>`).join(", ");

const NAME_PROBLEMS: Record<NameProblem, string> = {
  empty: "A group needs a name: `/mlops group create &lt;name&gt;`.",
  "too-long": `A group name can be at most ${GROUP_NAME_MAX} characters.`,
  channel: "A group name cannot contain a channel: name the group first, then add channels to it.",
};

export function groupChangeReply(outcome: GroupChange): EphemeralMessage {
  switch (outcome.kind) {
    case "refused":
      return ephemeral(
        outcome.refusal.kind === "unverified"
          ? `I couldn't check with Slack who you are (${escapeMrkdwn(truncate(outcome.refusal.error, 40))}), so nothing changed. Only workspace admins and owners can manage groups.`
          : ":no_entry: Only workspace admins and owners (and org admins on Enterprise Grid) can create, change or delete groups, so nothing changed. `/mlops group list` and `/mlops status group &lt;name&gt;` are open to everyone.",
      );
    case "organisation-group":
      return ephemeral(
        `:no_entry: ${quoted(outcome.group)} is a group of the whole organisation: only its org admins change it (through the org-wide install), so nothing changed.`,
      );
    case "bad-name":
      return ephemeral(`:no_entry: ${NAME_PROBLEMS[outcome.problem]} Nothing changed.`);
    case "duplicate":
      return ephemeral(
        `:no_entry: This ${outcome.organisation ? "organisation (or one of its workspaces)" : "workspace"} already has a group called ${quoted(outcome.existing)} (names are the same whatever their case), so nothing changed. Add teams to it with \`/mlops group add\`.`,
      );
    case "unknown-group":
      return ephemeral(
        `:no_entry: There is no group called ${quoted(outcome.name)} in this workspace, so nothing changed. \`/mlops group list\` shows the groups there are.`,
      );
    case "no-team":
      return ephemeral(
        `:no_entry: No ML team is set up in ${channels(outcome.channelIds)}, so nothing changed. A team is set up with \`/mlops setup\` in its channel.`,
      );
    case "not-member":
      return ephemeral(
        `:no_entry: ${outcome.channelIds.length === 1 ? "The team of" : "The teams of"} ${channels(outcome.channelIds)} ${outcome.channelIds.length === 1 ? "is" : "are"} not in ${quoted(outcome.group)}, so nothing changed.`,
      );
    case "created":
      return ephemeral(
        `:white_check_mark: Group ${quoted(outcome.group)} is created${outcome.organisation ? " for the whole organisation: it takes the teams of any of its workspaces, and every workspace sees it" : ""}. Add teams with \`/mlops group add ${escapeMrkdwn(outcome.group)} #channel\`.`,
      );
    case "added": {
      const already =
        outcome.already > 0 ? ` (${plural(outcome.already, "team was", "teams were")} in it already)` : "";
      return ephemeral(
        `:white_check_mark: Added ${plural(outcome.added, "team")} to ${quoted(outcome.group)}${already}.`,
      );
    }
    case "removed":
      return ephemeral(
        `:white_check_mark: Removed ${plural(outcome.removed, "team")} from ${quoted(outcome.group)}.`,
      );
    case "deleted":
      return ephemeral(
        outcome.teams === 0
          ? `:white_check_mark: Group ${quoted(outcome.group)} is deleted (it had no teams).`
          : `:white_check_mark: Group ${quoted(outcome.group)} is deleted; its ${plural(outcome.teams, "team")} and their answers are as they were.`,
      );
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

export function groupListMessage(groups: readonly GroupWithCount[]): EphemeralMessage {
  if (groups.length === 0) {
    return ephemeral(
      "This workspace has no groups yet. A workspace admin creates one with `/mlops group create &lt;name&gt;`.",
    );
  }
  const shown = groups
    .slice(0, 50)
    .map(
      (g) =>
        `• ${quoted(g.name)}: ${plural(g.teams, "team")}${g.enterpriseId ? " (the whole organisation's)" : ""}`,
    );
  const more = groups.length > shown.length ? `\n…and ${groups.length - shown.length} more` : "";
  const text = `*${plural(groups.length, "group")} in this workspace*\n${shown.join("\n")}${more}`;
  return { response_type: "ephemeral", text, blocks: [section(GROUP_BLOCKS.list, text)] };
}
