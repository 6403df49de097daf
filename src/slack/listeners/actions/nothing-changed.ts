import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import { confirmUnchanged } from "../../../services/checkin.js";
import { slackDirectory } from "../../api/directory.js";
import { tellPerson } from "../../api/tell-person.js";
import { checkinTarget } from "../../forms/buttons.js";
import { parseCheckinMetadata } from "../../forms/checkin-form.js";
import { workspaceOf } from "../../forms/payload.js";
import { metadataSeal } from "../../forms/sealed-metadata.js";
import { NOTHING_CHANGED_ACTION } from "../../ids.js";
import { checkinModal } from "../../views/checkin-modal.js";
import { answeredReminder, isReminderActions } from "../../views/reminder.js";
import { noticeModal, unchangedReply } from "../../views/replies.js";
import { openForm, tellWhoClicked } from "../open-form.js";
import { publishHome } from "../publish-home.js";
import type { ListenerTable } from "../table.js";

/**
 * "Nothing changed" on a prompt, a reminder or a pre-filled check-in modal: the person's previous answer
 * counts for this round, and they are told the team's level; without a previous answer, the check-in opens.
 */
export function registerNothingChanged(app: ListenerTable): void {
  app.action<BlockAction<ButtonAction>>(
    NOTHING_CHANGED_ACTION,
    async ({ ack, body, action, client, respond }, deps) => {
      const workspace = workspaceOf(body);
      const target = checkinTarget(action.value, undefined);
      const inModal = body.view?.type === "modal";
      const origin =
        body.view?.type === "home" ||
        (inModal && parseCheckinMetadata(body.view?.private_metadata ?? "")?.origin === "home")
          ? "home"
          : "channel";
      const outcome =
        workspace && target && "mlTeamId" in target
          ? await confirmUnchanged(
              deps,
              slackDirectory(client),
              { teamId: workspace.teamId, userId: body.user.id, mlTeamId: target.mlTeamId },
              origin,
            )
          : ({ kind: "team-gone" } as const);
      await ack();
      if (outcome.kind === "no-previous") {
        const view = checkinModal(outcome.form, metadataSeal(deps.config.slack.signingSecret));
        if (inModal && body.view) return void (await client.views.update({ view_id: body.view.id, view }));
        return openForm({
          client,
          triggerId: body.trigger_id,
          view,
          logger: deps.logger,
          again: "click the button again",
          tell: tellWhoClicked(client, body, respond),
        });
      }
      const { title, text } = unchangedReply(outcome);
      const reminderBlocks = body.message?.blocks as KnownBlock[] | undefined;
      if (inModal && body.view) {
        // The modal has done its job: it shows the outcome in place of the form.
        await client.views.update({ view_id: body.view.id, view: noticeModal(title, text) });
      } else if (outcome.kind === "confirmed" && isReminderActions(action.block_id) && reminderBlocks) {
        // A reminder is one person's: its buttons give way to what was recorded (a channel's prompt keeps them).
        const blocks = answeredReminder(reminderBlocks, action.block_id, text);
        await respond({ replace_original: true, text: body.message?.text ?? text, blocks });
      } else if (body.response_url) {
        await respond({ response_type: "ephemeral", text, replace_original: false });
      } else if (outcome.kind === "confirmed") {
        await tellPerson(client, { channel: outcome.team.channelId, user: body.user.id }, text);
      }
      if (outcome.kind === "confirmed" && origin === "home")
        await publishHome(client, deps, outcome.team.teamId, body.user.id);
    },
  );
}
