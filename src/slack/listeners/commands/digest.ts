import { sendDigestTo, stopDigest } from "../../../services/digest-channel.js";
import { slackDirectory } from "../../api/directory.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import { digestNeedsChannel, digestReply, digestUsage } from "../../views/schedule-replies.js";
import type { Subcommand } from "./subcommand.js";

export const digest: Subcommand = {
  usage: "/mlops digest [off]",
  summary: "send the weekly digest of all teams to this channel, or stop it",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const word = rest.toLowerCase();
    if (word !== "" && word !== "off") return args.ack(digestUsage(rest));
    // Public and private channels; a digest never goes to a direct message.
    if (word === "" && !CHANNEL_ID.test(command.channel_id)) return args.ack(digestNeedsChannel());
    const request = {
      workspace: { teamId: command.team_id, enterpriseId: command.enterprise_id ?? null },
      userId: command.user_id,
    };
    const directory = slackDirectory(args.client);
    const outcome =
      word === "off"
        ? await stopDigest(deps, directory, request)
        : await sendDigestTo(deps, directory, { ...request, channelId: command.channel_id });
    return args.ack(digestReply(outcome));
  },
};
