import { pauseTeam } from "../../../services/pause.js";
import { slackDirectory } from "../../api/directory.js";
import { parseWeeks } from "../../forms/command-text.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import { PAUSE_USAGE, pauseReply, pauseUsage, scheduleNeedsChannel } from "../../views/schedule-replies.js";
import type { Subcommand } from "./subcommand.js";

export const pause: Subcommand = {
  usage: PAUSE_USAGE,
  summary: "skip this team's prompts, reminders and nudges for a while, e.g. over the holidays",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const weeks = parseWeeks(rest);
    if (weeks === null) return args.ack(pauseUsage(rest));
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(scheduleNeedsChannel("pause", rest));
    const outcome = await pauseTeam(deps, slackDirectory(args.client), {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      weeks,
    });
    return args.ack(pauseReply(outcome, command.channel_id));
  },
};
