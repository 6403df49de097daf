import type { BlockAction, ButtonAction } from "@slack/bolt";
import { teamLines } from "../../../services/team-status.js";
import { workspaceOf } from "../../forms/payload.js";
import { TEAMS_MORE_ACTION } from "../../ids.js";
import { teamsMessage } from "../../views/teams-list.js";
import type { ListenerTable } from "../table.js";

/** *Show more* under `/mlops teams`: the same ephemeral message, replaced by the page its button names. */
export function registerTeamsPage(app: ListenerTable): void {
  app.action<BlockAction<ButtonAction>>(TEAMS_MORE_ACTION, async ({ ack, body, action, respond }, deps) => {
    await ack();
    const workspace = workspaceOf(body);
    if (!workspace) return;
    const offset = /^\d{1,6}$/.test(action.value ?? "") ? Number(action.value) : 0;
    const page = teamsMessage(await teamLines(deps, workspace.teamId), offset);
    await respond({ ...page, replace_original: true });
  });
}
