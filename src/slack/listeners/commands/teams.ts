import { teamLines } from "../../../services/team-status.js";
import { teamsMessage } from "../../views/teams-list.js";
import type { Subcommand } from "./subcommand.js";

export const teams: Subcommand = {
  usage: "/mlops teams",
  summary: "every ML team of this workspace with its level and next prerequisite",
  run: async ({ args, deps }) => {
    await args.ack(teamsMessage(await teamLines(deps, args.command.team_id)));
  },
};
