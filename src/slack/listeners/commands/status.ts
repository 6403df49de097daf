import { findTeamWithLatestRound } from "../../../db/teams.js";
import { statusOf } from "../../../team-status.js";
import { ambiguousTeamName, nameATeam, unknownChannelArgument } from "../../views/replies.js";
import { noTeamMessage, statusMessage } from "../../views/status.js";
import type { Subcommand } from "./subcommand.js";
import { resolveTeamWith } from "./team-argument.js";

export const status: Subcommand = {
  usage: "/mlops status [#channel]",
  summary: "the team's maturity level and the next prerequisite (this channel's team, or the one mentioned)",
  run: async ({ args, deps, rest }) => {
    const reference = await resolveTeamWith(findTeamWithLatestRound, deps.db, args.command, rest);
    switch (reference.kind) {
      case "found":
        return args.ack(statusMessage(statusOf(reference.team, deps.clock())));
      case "no-team":
        return args.ack(noTeamMessage(reference.channelId, reference.mentioned));
      case "ambiguous":
        return args.ack(ambiguousTeamName(reference.argument, reference.channelIds));
      case "unknown":
        return args.ack(unknownChannelArgument(reference.argument));
      case "not-a-channel":
        return args.ack(nameATeam("status"));
      default: {
        const unknown: never = reference;
        throw new Error(`Unhandled team reference ${JSON.stringify(unknown)}`);
      }
    }
  },
};
