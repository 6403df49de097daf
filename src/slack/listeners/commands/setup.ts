import { listRespondents } from "../../../db/respondents.js";
import { findTeamByChannel } from "../../../db/teams.js";
import { DEFAULT_SCHEDULE } from "../../../domain/calendar.js";
import { lookupUser, mayEditTeam, type SlackClient, slackErrorCode } from "../../users.js";
import { setupNeedsChannel, setupRefused } from "../../views/replies.js";
import { CHANNEL_ID } from "../../views/setup-form.js";
import { type SetupModalInput, setupModal } from "../../views/setup-modal.js";
import type { CommandArgs, Subcommand } from "./subcommand.js";

export const setup: Subcommand = {
  usage: "/mlops setup",
  summary: "register this channel's ML team, or change its schedule and respondents",
  run: async ({ args, deps }) => {
    const { command, client } = args;
    if (!CHANNEL_ID.test(command.channel_id)) return args.ack(setupNeedsChannel());
    const existing = await findTeamByChannel(deps.db, command.team_id, command.channel_id);
    if (existing && !(await mayEditTeam(client, existing, command.user_id))) {
      return args.ack(setupRefused(existing.created_by));
    }
    const input: SetupModalInput = existing
      ? {
          channelId: existing.channel_id,
          mlTeamId: existing.id,
          name: existing.name,
          respondents: await listRespondents(deps.db, existing.id),
          cadence: existing.cadence,
          checkinDay: existing.checkin_day,
          checkinTime: existing.checkin_time,
          timeZone: existing.time_zone,
        }
      : await newTeamDefaults(client, command);
    await args.ack();
    await client.views.open({ trigger_id: command.trigger_id, view: setupModal(input) });
  },
};

// Slack names private channels and DMs generically in slash commands; those are no team names.
const GENERIC_CHANNEL_NAMES = new Set(["privategroup", "directmessage"]);

async function newTeamDefaults(
  client: SlackClient,
  command: CommandArgs["command"],
): Promise<SetupModalInput> {
  return {
    channelId: command.channel_id,
    mlTeamId: null,
    name: GENERIC_CHANNEL_NAMES.has(command.channel_name) ? "" : command.channel_name,
    respondents: [command.user_id],
    ...DEFAULT_SCHEDULE,
    timeZone: await timeZoneOf(client, command.user_id),
  };
}

/** The person's Slack time zone; UTC when Slack will not tell us (e.g. users:read is missing). */
async function timeZoneOf(client: SlackClient, userId: string): Promise<string> {
  try {
    return (await lookupUser(client, userId)).timeZone;
  } catch (error) {
    if (slackErrorCode(error) === undefined) throw error;
    return "UTC";
  }
}
