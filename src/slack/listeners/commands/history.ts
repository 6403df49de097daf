import { teamHistoryReport } from "../../../services/team-history.js";
import { parseTeamArgument, TEAM_ARGUMENT } from "../../forms/command-text.js";
import { historyMessage } from "../../views/history.js";
import { unresolvedTeam } from "../../views/replies.js";
import type { Subcommand } from "./subcommand.js";

export const history: Subcommand = {
  usage: `/mlops history ${TEAM_ARGUMENT}`,
  summary:
    "the team's level over its recent rounds, what it gained and lost, and when it may reach the next level",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const query = parseTeamArgument(command.channel_id, rest);
    const reference = await teamHistoryReport(deps, command.team_id, query);
    return args.ack(
      reference.kind === "found" ? historyMessage(reference.team) : unresolvedTeam(reference, "history"),
    );
  },
};
