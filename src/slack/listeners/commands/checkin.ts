import { checkinFormFor } from "../../../services/checkin.js";
import { slackDirectory } from "../../api/directory.js";
import { parseTeamArgument, TEAM_ARGUMENT } from "../../forms/command-text.js";
import { metadataSeal } from "../../forms/sealed-metadata.js";
import { checkinModal } from "../../views/checkin-modal.js";
import { checkinRefused, unresolvedTeam } from "../../views/replies.js";
import { openForm, tellWhoTyped } from "../open-form.js";
import type { Subcommand } from "./subcommand.js";

export const checkin: Subcommand = {
  usage: `/mlops checkin ${TEAM_ARGUMENT}`,
  summary: "answer the check-in for this channel's team (or the one named) now",
  run: async ({ args, deps, rest }) => {
    const { command, client } = args;
    const reference = await checkinFormFor(deps, slackDirectory(client), {
      teamId: command.team_id,
      userId: command.user_id,
      query: parseTeamArgument(command.channel_id, rest),
    });
    if (reference.kind === "refused") return args.ack(checkinRefused(reference));
    if (reference.kind !== "found") return args.ack(unresolvedTeam(reference, "checkin"));
    await args.ack();
    await openForm({
      client,
      triggerId: command.trigger_id,
      view: checkinModal(reference.team, metadataSeal(deps.config.slack.signingSecret)),
      logger: deps.logger,
      again: "run `/mlops checkin` again",
      tell: tellWhoTyped(args.respond),
    });
  },
};
