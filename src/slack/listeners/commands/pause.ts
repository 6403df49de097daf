import { listRespondents } from "../../../db/respondents.js";
import { pauseTeam } from "../../../db/schedule.js";
import { findTeamByChannel } from "../../../db/teams.js";
import { permission } from "../../users.js";
import type { EphemeralMessage } from "../../views/help.js";
import {
  noTeamHere,
  PAUSE_USAGE,
  paused,
  pauseUsage,
  scheduleNeedsChannel,
  scheduleRefused,
} from "../../views/schedule-replies.js";
import { CHANNEL_ID } from "../../views/setup-form.js";
import type { Subcommand, SubcommandContext } from "./subcommand.js";

const WEEK_MS = 7 * 86_400_000;
export const MAX_PAUSE_WEEKS = 52;

export const pause: Subcommand = {
  usage: PAUSE_USAGE,
  summary: "skip this team's prompts, reminders and nudges for a while, e.g. over the holidays",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const weeks = parseWeeks(rest);
    if (weeks === null) return args.ack(pauseUsage(rest));
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(scheduleNeedsChannel("pause"));
    const team = await findTeamByChannel(deps.db, command.team_id, command.channel_id);
    if (!team) return args.ack(noTeamHere(command.channel_id, "pause"));
    const refusal = await scheduleRefusal("pause", { args, deps }, team);
    if (refusal) return args.ack(refusal);
    const now = deps.clock();
    const until = new Date(now.getTime() + weeks * WEEK_MS);
    await pauseTeam(deps.db, command.team_id, team.id, until, now);
    return args.ack(paused(team.name, until, team.time_zone));
  },
};

/**
 * Why this person may not pause or resume the team, or null when they may. A pause silences the whole
 * team, so only those who answer for it, whoever set it up, and workspace admins and owners may.
 */
export async function scheduleRefusal(
  verb: "pause" | "resume",
  { args, deps }: Pick<SubcommandContext, "args" | "deps">,
  team: { id: number; name: string; created_by: string },
): Promise<EphemeralMessage | null> {
  const respondents = await listRespondents(deps.db, team.id);
  const allowed = await permission(args.client, args.command.user_id, [team.created_by, ...respondents]);
  if (allowed.kind === "allowed") return null;
  return scheduleRefused(verb, { name: team.name, createdBy: team.created_by }, allowed);
}

/** "2", "2w", "2 weeks" → 2; null unless 1 to 52. */
export function parseWeeks(text: string): number | null {
  const match = /^(\d{1,3})\s*(w|wk|wks|week|weeks)?$/i.exec(text.trim());
  const weeks = Number(match?.[1]);
  return match && weeks >= 1 && weeks <= MAX_PAUSE_WEEKS ? weeks : null;
}
