import { exportForPerson } from "../../../services/slack-export.js";
import { slackDirectory } from "../../api/directory.js";
import { sendFileToPerson } from "../../api/send-file.js";
import { parseTeamArgument } from "../../forms/command-text.js";
import {
  EXPORT_STILL_PREPARING,
  EXPORT_USAGE,
  exportComment,
  exportRefused,
  exportStarted,
} from "../../views/export-replies.js";
import { unresolvedTeam } from "../../views/replies.js";
import { onePerPerson } from "./one-per-person.js";
import type { Subcommand } from "./subcommand.js";

export const exportCommand: Subcommand = onePerPerson(EXPORT_STILL_PREPARING, {
  usage: EXPORT_USAGE,
  summary: "the team's answers (or, for admins, every team's) as a CSV file in a direct message",
  run: async ({ args, deps, rest }) => {
    const { command, client } = args;
    const target =
      rest.toLowerCase() === "all"
        ? { all: true as const }
        : { all: false as const, query: parseTeamArgument(command.channel_id, rest) };
    const outcome = await exportForPerson(deps, slackDirectory(client), {
      teamId: command.team_id,
      userId: command.user_id,
      target,
    });
    if (outcome.kind === "refused")
      return args.ack(exportRefused(outcome.what, outcome.createdBy, outcome.refusal));
    if (outcome.kind !== "ready") return args.ack(unresolvedTeam(outcome, "export"));
    // Acknowledged first: a workspace's export can take longer than Slack's 3 seconds to build and upload.
    await args.ack(exportStarted(outcome.what));
    await sendFileToPerson(client, command.user_id, {
      filename: outcome.filename,
      title: outcome.filename,
      content: await outcome.content(),
      comment: exportComment(outcome.what),
    });
  },
});
