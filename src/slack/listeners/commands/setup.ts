import { setupFormFor } from "../../../services/team-setup.js";
import { slackDirectory } from "../../api/directory.js";
import { suggestedTeamName } from "../../forms/command-text.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import { sealSetupMetadata } from "../../forms/setup-form.js";
import { setupNeedsChannel, setupRefused } from "../../views/replies.js";
import { setupModal } from "../../views/setup-modal.js";
import { openForm, tellWhoTyped } from "../open-form.js";
import type { Subcommand } from "./subcommand.js";

export const setup: Subcommand = {
  usage: "/mlops setup",
  summary: "register this channel's ML team, or change its schedule and respondents",
  run: async ({ args, deps }) => {
    const { command, client } = args;
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(setupNeedsChannel());
    const outcome = await setupFormFor(deps, slackDirectory(client), {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      suggestedName: suggestedTeamName(command.channel_name),
    });
    if (outcome.kind === "refused") return args.ack(setupRefused(outcome.createdBy));
    await args.ack();
    const { channelId, mlTeamId } = outcome.form;
    const metadata = sealSetupMetadata(deps.config.slack.signingSecret, {
      channelId,
      mlTeamId,
      teamId: command.team_id,
      userId: command.user_id,
    });
    await openForm({
      client,
      triggerId: command.trigger_id,
      view: setupModal(outcome.form, metadata),
      logger: deps.logger,
      again: "run `/mlops setup` again",
      tell: tellWhoTyped(args.respond),
    });
  },
};
