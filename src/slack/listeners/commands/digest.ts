import { clearDigestChannel, setDigestChannel } from "../../../db/digest.js";
import { ensureWorkspace } from "../../../db/workspaces.js";
import { lookupUser } from "../../users.js";
import { digestNeedsChannel, digestOff, digestSet, digestUsage } from "../../views/schedule-replies.js";
import type { Subcommand } from "./subcommand.js";

// Public and private channels; a digest never goes to a direct message.
const CHANNEL = /^[CG][A-Z0-9]+$/;

export const digest: Subcommand = {
  usage: "/mlops digest [off]",
  summary: "send the weekly digest of all teams to this channel, or stop it",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const word = rest.toLowerCase();
    if (word === "off") return args.ack(digestOff(await clearDigestChannel(deps.db, command.team_id)));
    if (word !== "") return args.ack(digestUsage(rest));
    if (!CHANNEL.test(command.channel_id)) return args.ack(digestNeedsChannel());
    // Monday 09:00 in the time zone of whoever chose the channel.
    const { timeZone } = await lookupUser(args.client, command.user_id);
    await ensureWorkspace(deps.db, { teamId: command.team_id, enterpriseId: command.enterprise_id ?? null });
    const previous = await setDigestChannel(deps.db, {
      teamId: command.team_id,
      channelId: command.channel_id,
      timeZone,
      setBy: command.user_id,
    });
    return args.ack(digestSet(command.channel_id, timeZone, previous));
  },
};
