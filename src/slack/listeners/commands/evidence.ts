import { evidenceReport, setWorkspacePolicy, workspacePolicy } from "../../../services/team-evidence.js";
import { slackDirectory } from "../../api/directory.js";
import { parseTeamArgument, TEAM_ARGUMENT } from "../../forms/command-text.js";
import { evidenceMessage, policyChoice, policyReply } from "../../views/evidence-replies.js";
import { unresolvedTeam } from "../../views/replies.js";
import type { Subcommand } from "./subcommand.js";

export const evidence: Subcommand = {
  usage: `/mlops evidence ${TEAM_ARGUMENT} | policy strict|shown`,
  summary:
    "what the team's linked systems show about each practice; admins choose whether disputed practices count",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const policy = /^policy(\s+(\S+))?$/i.exec(rest);
    if (policy) {
      const wanted = policy[2]?.toLowerCase();
      if (wanted !== "strict" && wanted !== "shown")
        return args.ack(policyChoice(policy[2], await workspacePolicy(deps, command.team_id)));
      const outcome = await setWorkspacePolicy(deps, slackDirectory(args.client), {
        teamId: command.team_id,
        userId: command.user_id,
        policy: wanted,
      });
      return args.ack(policyReply(outcome));
    }
    const query = parseTeamArgument(command.channel_id, rest);
    const reference = await evidenceReport(deps, command.team_id, query, deps.github !== undefined);
    return args.ack(
      reference.kind === "found" ? evidenceMessage(reference.team) : unresolvedTeam(reference, "evidence"),
    );
  },
};
