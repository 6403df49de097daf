import { groupStatus } from "../../../services/groups.js";
import { teamStatus } from "../../../services/team-status.js";
import { parseTeamArgument, TEAM_ARGUMENT } from "../../forms/command-text.js";
import { groupStatusReply } from "../../views/group-status.js";
import { unresolvedTeam } from "../../views/replies.js";
import { statusMessage } from "../../views/status.js";
import { workspaceOf } from "./organisation.js";
import type { Subcommand } from "./subcommand.js";

export const status: Subcommand = {
  usage: `/mlops status ${TEAM_ARGUMENT}`,
  summary:
    "the team's maturity level and the next prerequisite (this channel's team, or the one named); `/mlops status group &lt;name&gt;`: a group's roll-up",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const group = /^group(?:\s+|$)/i.exec(rest);
    if (group)
      return args.ack(
        groupStatusReply(await groupStatus(deps, workspaceOf(command), rest.slice(group[0].length))),
      );
    const reference = await teamStatus(deps, command.team_id, parseTeamArgument(command.channel_id, rest));
    return args.ack(
      reference.kind === "found" ? statusMessage(reference.team) : unresolvedTeam(reference, "status"),
    );
  },
};
