import { withDatabaseBudget } from "../../../deps.js";
import { exportForPerson } from "../../../services/slack-export.js";
import { slackDirectory } from "../../api/directory.js";
import { sendFileToPerson } from "../../api/send-file.js";
import { failureText } from "../../failure-reply.js";
import { parseTeamArgument } from "../../forms/command-text.js";
import {
  EXPORT_STILL_PREPARING,
  EXPORT_USAGE,
  exportAdmitted,
  exportComment,
  exportHandedBack,
  exportRefused,
} from "../../views/export-replies.js";
import { unresolvedTeam } from "../../views/replies.js";
import { onePerPerson } from "./one-per-person.js";
import type { Subcommand } from "./subcommand.js";

export const exportCommand: Subcommand = onePerPerson(EXPORT_STILL_PREPARING, {
  usage: EXPORT_USAGE,
  summary: "the team's answers (or, for admins, every team's) as a CSV file in a direct message",
  run: async ({ args, deps, rest, uploads }) => {
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
    // Not Bolt's client: a 429 there pauses every call of the workspace; this one hands it to the queue.
    const uploader = await deps.slack.forScheduler(command.team_id);
    const tell = async (text: string) => {
      await args.respond({ response_type: "ephemeral", replace_original: false, text });
    };
    // Built and uploaded after the ack, in the workspace's upload lane: it can take longer than Slack's 3 s.
    const admission = uploads.add(command.team_id, {
      person: command.user_id,
      // Long after the request's own database budget: the queue gives each attempt one of its own.
      run: async (databaseBudgetMs) =>
        sendFileToPerson(uploader, command.user_id, {
          filename: outcome.filename,
          title: outcome.filename,
          content: await outcome.content(withDatabaseBudget(deps, databaseBudgetMs)),
          comment: exportComment(outcome.what),
        }),
      handBack: (reason) => tell(exportHandedBack(outcome.what, reason)),
      failed: (error, refId) => tell(failureText(error, refId)),
    });
    await args.ack(exportAdmitted(outcome.what, admission));
  },
});
