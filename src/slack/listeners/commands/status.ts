import { teamStatus } from "../../../services/team-status.js";
import { parseTeamArgument, TEAM_ARGUMENT } from "../../forms/command-text.js";
import { unresolvedTeam } from "../../views/replies.js";
import { statusMessage } from "../../views/status.js";
import type { Subcommand } from "./subcommand.js";

export const status: Subcommand = {
  usage: `/mlops status ${TEAM_ARGUMENT}`,
  summary: "the team's maturity level and the next prerequisite (this channel's team, or the one named)",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const reference = await teamStatus(deps, command.team_id, parseTeamArgument(command.channel_id, rest));
    return args.ack(
      reference.kind === "found" ? statusMessage(reference.team) : unresolvedTeam(reference, "status"),
    );
  },
};
