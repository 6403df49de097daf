import { loadCheckinForm } from "../../../checkins.js";
import { checkinModal } from "../../views/checkin-modal.js";
import {
  ambiguousTeamName,
  nameATeam,
  noTeamForCheckin,
  unknownChannelArgument,
} from "../../views/replies.js";
import type { Subcommand } from "./subcommand.js";
import { resolveTeam } from "./team-argument.js";

export const checkin: Subcommand = {
  usage: "/mlops checkin [#channel]",
  summary: "answer the check-in for this channel's team (or the one mentioned) now",
  run: async ({ args, deps, rest }) => {
    const { command, client } = args;
    const reference = await resolveTeam(deps.db, command, rest);
    if (reference.kind === "no-team")
      return args.ack(noTeamForCheckin(reference.channelId, reference.mentioned));
    if (reference.kind === "ambiguous")
      return args.ack(ambiguousTeamName(reference.argument, reference.channelIds));
    if (reference.kind === "unknown") return args.ack(unknownChannelArgument(reference.argument));
    if (reference.kind === "not-a-channel") return args.ack(nameATeam("checkin"));
    const form = await loadCheckinForm(deps.db, reference.team, command.user_id, "channel", deps.clock());
    await args.ack();
    await client.views.open({ trigger_id: command.trigger_id, view: checkinModal(form) });
  },
};
