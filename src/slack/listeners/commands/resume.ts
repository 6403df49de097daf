import { resumeTeam } from "../../../db/schedule.js";
import { findTeamByChannel } from "../../../db/teams.js";
import { noTeamHere, notPaused, resumed, scheduleNeedsChannel } from "../../views/schedule-replies.js";
import { CHANNEL_ID } from "../../views/setup-form.js";
import { scheduleRefusal } from "./pause.js";
import type { Subcommand } from "./subcommand.js";

export const resume: Subcommand = {
  usage: "/mlops resume",
  summary: "end this team's pause early",
  run: async ({ args, deps }) => {
    const { command } = args;
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(scheduleNeedsChannel("resume"));
    const team = await findTeamByChannel(deps.db, command.team_id, command.channel_id);
    if (!team) return args.ack(noTeamHere(command.channel_id, "resume"));
    const refusal = await scheduleRefusal("resume", { args, deps }, team);
    if (refusal) return args.ack(refusal);
    const wasPausedUntil = await resumeTeam(deps.db, command.team_id, team.id, deps.clock());
    return args.ack(wasPausedUntil === null ? notPaused(team.name) : resumed(team.name));
  },
};
