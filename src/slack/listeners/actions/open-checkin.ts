import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import { checkinFormForButton } from "../../../services/checkin.js";
import { slackDirectory } from "../../api/directory.js";
import { checkinTarget } from "../../forms/buttons.js";
import { workspaceOf } from "../../forms/payload.js";
import { metadataSeal } from "../../forms/sealed-metadata.js";
import { OPEN_CHECKIN_ACTION } from "../../ids.js";
import { checkinModal } from "../../views/checkin-modal.js";
import { checkinRefused, noticeModal, teamNotFound } from "../../views/replies.js";
import { openForm, tellWhoClicked } from "../open-form.js";
import type { ListenerTable } from "../table.js";

const again = "click the button again";

/** Any button with action_id open_checkin (prompts, status, App Home) opens the check-in for its team. */
export function registerOpenCheckin(app: ListenerTable): void {
  app.action<BlockAction<ButtonAction>>(
    OPEN_CHECKIN_ACTION,
    async ({ ack, body, action, client, respond }, deps) => {
      const tell = tellWhoClicked(client, body, respond);
      const workspace = workspaceOf(body);
      const channelId = body.channel?.id ?? (body.container?.channel_id as string | undefined);
      const origin = body.container?.type === "view" ? "home" : "channel";
      const form =
        workspace &&
        (await checkinFormForButton(
          deps,
          slackDirectory(client),
          { teamId: workspace.teamId, userId: body.user.id, target: checkinTarget(action.value, channelId) },
          origin,
        ));
      await ack();
      const open = (view: ModalView) =>
        openForm({ client, triggerId: body.trigger_id, view, logger: deps.logger, again, tell });
      if (form && !("kind" in form))
        return open(checkinModal(form, metadataSeal(deps.config.slack.signingSecret)));
      const [title, reply] = form
        ? ["Not your team", checkinRefused(form)]
        : ["Team not found", teamNotFound()];
      if (body.response_url) await respond({ ...reply, replace_original: false });
      else await open(noticeModal(title, reply.text));
    },
  );
}
