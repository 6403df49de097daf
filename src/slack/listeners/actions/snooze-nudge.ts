import type { BlockAction, ButtonAction } from "@slack/bolt";
import { snoozeNudge } from "../../../services/snooze.js";
import { slackDirectory } from "../../api/directory.js";
import { parseSnoozeValue } from "../../forms/buttons.js";
import { workspaceOf } from "../../forms/payload.js";
import { SNOOZE_NUDGE_ACTION } from "../../ids.js";
import { nudgeKindLabel, snoozedNudgeMessage } from "../../views/nudge.js";
import { snoozeInvalid, snoozeReply } from "../../views/schedule-replies.js";
import type { ListenerTable } from "../table.js";

/** "Snooze 4 weeks" on a nudge: no nudge of that kind for the team until then, in this workspace only. */
export function registerSnoozeNudge(app: ListenerTable): void {
  app.action<BlockAction<ButtonAction>>(
    SNOOZE_NUDGE_ACTION,
    async ({ ack, body, action, respond, client }, deps) => {
      await ack();
      const target = parseSnoozeValue(action.value);
      const workspace = workspaceOf(body);
      if (target === null || workspace === null)
        return void (await respond({ ...snoozeInvalid(), replace_original: false }));
      // Only a button in a channel's message has a channel; one in a view (the App Home) does not.
      const channelId = body.container?.type === "message" ? (body.channel?.id ?? null) : null;
      const outcome = await snoozeNudge(deps, slackDirectory(client), {
        ...target,
        teamId: workspace.teamId,
        userId: body.user.id,
        channelId,
      });
      await respond({ ...snoozeReply(outcome, nudgeKindLabel(target.kind)), replace_original: false });
      if (outcome.kind !== "snoozed") return;
      const { until, timeZone } = outcome;
      const snoozed = snoozedNudgeMessage(body.message, { ...target, userId: body.user.id, until, timeZone });
      if (snoozed) await respond({ replace_original: true, ...snoozed });
    },
  );
}
