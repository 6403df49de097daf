import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { loadCheckinForm } from "../../../checkins.js";
import { findTeamByChannel, findTeamById } from "../../../db/teams.js";
import type { Deps } from "../../../deps.js";
import { OPEN_CHECKIN_ACTION } from "../../ids.js";
import { checkinModal } from "../../views/checkin-modal.js";
import { noticeModal, teamNotFound } from "../../views/replies.js";
import { workspaceOf } from "../../workspace.js";

/** Any button with action_id open_checkin (prompts, status, App Home) opens the check-in for its team. */
export function registerOpenCheckin(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    OPEN_CHECKIN_ACTION,
    async ({ ack, body, action, client, respond }) => {
      const team = await teamOfButton(deps, body, action.value);
      if (!team) {
        await ack();
        if (body.response_url) await respond({ ...teamNotFound(), replace_original: false });
        else
          await client.views.open({
            trigger_id: body.trigger_id,
            view: noticeModal("Team not found", teamNotFound().text),
          });
        return;
      }
      const origin = body.container?.type === "view" ? "home" : "channel";
      const form = await loadCheckinForm(deps.db, team, body.user.id, origin, deps.clock());
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: checkinModal(form) });
    },
  );
}

/** The button's value names the team; without one, the team of the channel the message is in. */
async function teamOfButton(deps: Deps, body: BlockAction, value: string | undefined) {
  const workspace = workspaceOf(body);
  if (!workspace) return undefined;
  if (value !== undefined && /^\d{1,9}$/.test(value))
    return findTeamById(deps.db, workspace.teamId, Number(value));
  const channelId = body.channel?.id ?? (body.container?.channel_id as string | undefined);
  return channelId ? findTeamByChannel(deps.db, workspace.teamId, channelId) : undefined;
}
