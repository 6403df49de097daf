import {
  addTeamsToGroup,
  createGroup,
  deleteGroupNamed,
  removeTeamsFromGroup,
  workspaceGroups,
} from "../../../services/groups.js";
import { slackDirectory } from "../../api/directory.js";
import { parseCommandText, parseGroupMembers } from "../../forms/command-text.js";
import { GROUP_USAGE, groupChangeReply, groupListMessage, groupUsage } from "../../views/group-replies.js";
import { orgWideEnterprise, workspaceOf } from "./organisation.js";
import type { Subcommand } from "./subcommand.js";

export const group: Subcommand = {
  usage: GROUP_USAGE,
  summary:
    "groups of teams (a tribe, a domain, a department): workspace admins create and fill them (org admins of an org-wide install, across its workspaces); `/mlops status group &lt;name&gt;` rolls one up",
  run: async ({ args, deps, rest }) => {
    const { command } = args;
    const { verb, rest: words } = parseCommandText(rest);
    if (verb === "list") return args.ack(groupListMessage(await workspaceGroups(deps, workspaceOf(command))));
    const request = {
      ...workspaceOf(command),
      orgWide: orgWideEnterprise(command) !== null,
      userId: command.user_id,
      name: words,
    };
    const directory = slackDirectory(args.client);
    if (verb === "create") return args.ack(groupChangeReply(await createGroup(deps, directory, request)));
    if (verb === "delete")
      return args.ack(groupChangeReply(await deleteGroupNamed(deps, directory, request)));
    const members = verb === "add" || verb === "remove" ? parseGroupMembers(words) : null;
    if (members === null) return args.ack(groupUsage(verb === "" ? undefined : rest));
    const change = verb === "add" ? addTeamsToGroup : removeTeamsFromGroup;
    return args.ack(groupChangeReply(await change(deps, directory, { ...request, ...members })));
  },
};
