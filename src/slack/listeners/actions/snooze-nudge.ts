import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Deps } from "../../../deps.js";
import { snoozeNudge } from "../../../services/snooze.js";
import { parseSnoozeValue } from "../../forms/buttons.js";
import { workspaceOf } from "../../forms/payload.js";
import { SNOOZE_NUDGE_ACTION } from "../../ids.js";
import { nudgeKindLabel, snoozedNudgeBlocks } from "../../views/nudge.js";
import { snoozed, snoozeInvalid, snoozeTeamGone, when } from "../../views/schedule-replies.js";

/** "Snooze 4 weeks" on a nudge: no nudge of that kind for the team until then, in this workspace only. */
export function registerSnoozeNudge(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(SNOOZE_NUDGE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const target = parseSnoozeValue(action.value);
    const workspace = workspaceOf(body);
    if (target === null || workspace === null)
      return void (await respond({ ...snoozeInvalid(), replace_original: false }));
    const outcome = await snoozeNudge(deps, { ...target, teamId: workspace.teamId, userId: body.user.id });
    if (outcome.kind === "team-gone")
      return void (await respond({ ...snoozeTeamGone(), replace_original: false }));
    const label = nudgeKindLabel(target.kind);
    const { name, until, timeZone } = outcome;
    await respond({ ...snoozed(name, label, until, timeZone), replace_original: false });
    const note = `:zzz: <@${body.user.id}> snoozed ${label} nudges until ${when(until, timeZone)}.`;
    const blocks = snoozedNudgeBlocks(body.message?.blocks, target.mlTeamId, target.kind, note);
    if (blocks) await respond({ replace_original: true, text: body.message?.text ?? note, blocks });
  });
}
