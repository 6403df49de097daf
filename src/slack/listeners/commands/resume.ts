import { resumeTeam } from "../../../services/pause.js";
import { slackDirectory } from "../../api/directory.js";
import { CHANNEL_ID } from "../../forms/id-formats.js";
import { resumeReply, scheduleNeedsChannel } from "../../views/schedule-replies.js";
import type { Subcommand } from "./subcommand.js";

export const resume: Subcommand = {
  usage: "/mlops resume",
  summary: "end this team's pause early",
  run: async ({ args, deps }) => {
    const { command } = args;
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(scheduleNeedsChannel("resume"));
    const outcome = await resumeTeam(deps, slackDirectory(args.client), {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
    });
    return args.ack(resumeReply(outcome, command.channel_id));
  },
};
