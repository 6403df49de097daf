import { backfillRepository, linkToTeam, unlinkFromTeam } from "../../../services/evidence-links.js";
import { slackDirectory } from "../../api/directory.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import { LINK_USAGE, parseLinkCommand, UNLINK_USAGE } from "../../forms/link-command.js";
import { backfillFailed, linkReply, linkUsage } from "../../views/evidence-replies.js";
import type { Subcommand, SubcommandContext } from "./subcommand.js";

export const link: Subcommand = {
  usage: "/mlops link github <owner>/<repo> | mlflow experiment <name> | mlflow model <name> [for #channel]",
  summary:
    "link the team's GitHub repository, MLflow experiment or model, so evidence shows beside its answers",
  run: (context) => runLink(context, "link"),
};

export const unlink: Subcommand = {
  usage:
    "/mlops unlink github <owner>/<repo> | mlflow experiment <name> | mlflow model <name> [for #channel]",
  summary: "stop reading evidence from a linked system",
  run: (context) => runLink(context, "unlink"),
};

async function runLink({ args, deps, rest }: SubcommandContext, verb: "link" | "unlink"): Promise<void> {
  const { command } = args;
  const usage = verb === "link" ? LINK_USAGE : UNLINK_USAGE;
  const parsed = parseLinkCommand(rest);
  if (!parsed.ok) return args.ack(linkUsage(parsed.problem, usage));
  const channelId = parsed.channelId ?? command.channel_id;
  if (!CHANNEL_ID.test(channelId))
    return args.ack(linkUsage("Run it in the team's channel, or add `for #channel`.", usage));
  const request = {
    teamId: command.team_id,
    channelId,
    mentioned: parsed.channelId !== null,
    userId: command.user_id,
    target: parsed.target,
  };
  const directory = slackDirectory(args.client);
  const outcome =
    verb === "link"
      ? await linkToTeam(deps, directory, request)
      : await unlinkFromTeam(deps, directory, request);
  await args.ack(linkReply(outcome, verb));
  if (outcome.kind === "github-failed" && outcome.appRefused)
    deps.logger.error(
      { repository: outcome.subject, reason: outcome.appRefused },
      "GitHub refused the App's credentials: check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY against the App, and this machine's clock (GitHub refuses tokens dated over a minute off)",
    );
  // After the reply: 28 days of a repository take GitHub several calls.
  if (outcome.kind === "linked" && outcome.backfill && deps.github) {
    await backfillRepository(deps, deps.github, command.team_id, outcome.backfill).catch(
      async (err: unknown) => {
        deps.logger.warn(
          { err, repository: outcome.subject },
          "could not read a linked repository's last 28 days from GitHub",
        );
        // The person was told the 28 days are being read: say they were not, and how to read them later.
        await args.respond(backfillFailed(outcome.subject, err instanceof Error ? err.message : String(err)));
      },
    );
  }
}
