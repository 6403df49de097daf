import { sendDigestTo, stopDigest } from "../../../services/digest-channel.js";
import { chooseOrgDigest } from "../../../services/org-digest.js";
import { slackDirectory } from "../../api/directory.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import {
  digestNeedsChannel,
  digestReply,
  digestUsage,
  orgDigestReply,
} from "../../views/schedule-replies.js";
import { orgWideEnterprise } from "./organisation.js";
import type { Subcommand } from "./subcommand.js";

export const digest: Subcommand = {
  usage: "/mlops digest [off]",
  summary:
    "send the weekly digest of all teams to this channel, or stop it (`/mlops digest org [off]`: the whole Enterprise Grid organisation's, for org admins of an org-wide install)",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const word = rest.toLowerCase().replace(/\s+/g, " ");
    if (word === "org" || word === "org off") {
      if (word === "org" && !CHANNEL_ID.test(command.channel_id)) return args.ack(digestNeedsChannel());
      const outcome = await chooseOrgDigest(deps, slackDirectory(args.client), {
        teamId: command.team_id,
        orgWideEnterpriseId: orgWideEnterprise(command),
        userId: command.user_id,
        channelId: word === "org" ? command.channel_id : null,
      });
      return args.ack(orgDigestReply(outcome));
    }
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
