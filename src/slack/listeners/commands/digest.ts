import { clearDigestChannel, setDigestChannel } from "../../../db/digest.js";
import { ensureWorkspace, findWorkspace } from "../../../db/workspaces.js";
import type { Deps } from "../../../deps.js";
import { permission, permissionFrom, tryLookupUser } from "../../users.js";
import type { EphemeralMessage } from "../../views/help.js";
import {
  digestChangedMeanwhile,
  digestNeedsChannel,
  digestOff,
  digestRefused,
  digestSet,
  digestUsage,
} from "../../views/schedule-replies.js";
import type { CommandArgs, Subcommand } from "./subcommand.js";

// Public and private channels; a digest never goes to a direct message.
const CHANNEL = /^[CG][A-Z0-9]+$/;

interface CurrentDigest {
  channelId: string;
  setBy: string | null;
}

export const digest: Subcommand = {
  usage: "/mlops digest [off]",
  summary: "send the weekly digest of all teams to this channel, or stop it",
  run: async ({ args, deps, rest }) => {
    const word = rest.toLowerCase();
    if (word !== "" && word !== "off") return args.ack(digestUsage(rest));
    if (word === "" && !CHANNEL.test(args.command.channel_id)) return args.ack(digestNeedsChannel());
    const workspace = await findWorkspace(deps.db, args.command.team_id);
    const current = workspace?.digest_channel_id
      ? { channelId: workspace.digest_channel_id, setBy: workspace.digest_set_by }
      : null;
    return args.ack(
      word === "off" ? await turnOff(args, deps, current) : await sendHere(args, deps, current),
    );
  },
};

// Anyone may choose the first channel; moving or stopping it is for whoever chose it and the admins.
const choosers = (current: CurrentDigest) => (current.setBy ? [current.setBy] : []);

async function turnOff(
  args: CommandArgs,
  deps: Deps,
  current: CurrentDigest | null,
): Promise<EphemeralMessage> {
  if (current === null) return digestOff(null);
  const allowed = await permission(args.client, args.command.user_id, choosers(current));
  if (allowed.kind !== "allowed") return digestRefused(current, true, allowed);
  const stopped = await clearDigestChannel(deps.db, args.command.team_id, current.channelId);
  return stopped ? digestOff(current.channelId) : digestChangedMeanwhile();
}

async function sendHere(
  args: CommandArgs,
  deps: Deps,
  current: CurrentDigest | null,
): Promise<EphemeralMessage> {
  const { command } = args;
  // One users.info: whether they may move it, and their time zone for Monday 09:00.
  const person = await tryLookupUser(args.client, command.user_id);
  if (current !== null) {
    const allowed = permissionFrom(command.user_id, choosers(current), person);
    if (allowed.kind !== "allowed") return digestRefused(current, false, allowed);
  }
  const timeZone = person.ok ? person.user.timeZone : "UTC";
  await ensureWorkspace(deps.db, { teamId: command.team_id, enterpriseId: command.enterprise_id ?? null });
  const previous = current?.channelId ?? null;
  const setting = {
    teamId: command.team_id,
    channelId: command.channel_id,
    timeZone,
    setBy: command.user_id,
  };
  if (!(await setDigestChannel(deps.db, setting, previous))) return digestChangedMeanwhile();
  return digestSet(command.channel_id, timeZone, previous, person.ok);
}
