import { pauseTeam } from "../../../db/schedule.js";
import { findTeamByChannel } from "../../../db/teams.js";
import { noTeamHere, PAUSE_USAGE, paused, pauseUsage } from "../../views/schedule-replies.js";
import type { Subcommand } from "./subcommand.js";

const WEEK_MS = 7 * 86_400_000;
export const MAX_PAUSE_WEEKS = 52;

export const pause: Subcommand = {
  usage: PAUSE_USAGE,
  summary: "skip this team's prompts, reminders and nudges for a while, e.g. over the holidays",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const weeks = parseWeeks(rest);
    if (weeks === null) return args.ack(pauseUsage(rest));
    const team = await findTeamByChannel(deps.db, command.team_id, command.channel_id);
    if (!team) return args.ack(noTeamHere(command.channel_id, "pause"));
    const now = deps.clock();
    const until = new Date(now.getTime() + weeks * WEEK_MS);
    await pauseTeam(deps.db, command.team_id, team.id, until, now);
    return args.ack(paused(team.name, until, team.time_zone));
  },
};

/** "2", "2w", "2 weeks" → 2; null unless 1 to 52. */
export function parseWeeks(text: string): number | null {
  const match = /^(\d{1,3})\s*(w|wk|wks|week|weeks)?$/i.exec(text.trim());
  const weeks = Number(match?.[1]);
  return match && weeks >= 1 && weeks <= MAX_PAUSE_WEEKS ? weeks : null;
}
