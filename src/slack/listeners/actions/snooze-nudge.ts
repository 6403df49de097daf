import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { snoozeNudge } from "../../../db/snoozes.js";
import type { Deps } from "../../../deps.js";
import { NUDGE_KINDS, type NudgeKind } from "../../../domain/nudges.js";
import { SNOOZE_NUDGE_ACTION } from "../../ids.js";
import { nudgeKindLabel, SNOOZE_WEEKS, snoozedNudgeBlocks } from "../../views/nudge.js";
import { snoozed, snoozeInvalid, snoozeTeamGone, when } from "../../views/schedule-replies.js";
import { workspaceOf } from "../../workspace.js";

const WEEK_MS = 7 * 86_400_000;

/** "Snooze 4 weeks" on a nudge: no nudge of that kind for the team until then, in this workspace only. */
export function registerSnoozeNudge(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(SNOOZE_NUDGE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const target = parseSnoozeValue(action.value);
    const workspace = workspaceOf(body);
    if (target === null || workspace === null)
      return void (await respond({ ...snoozeInvalid(), replace_original: false }));
    const until = new Date(deps.clock().getTime() + SNOOZE_WEEKS * WEEK_MS);
    const team = await snoozeNudge(deps.db, {
      ...target,
      teamId: workspace.teamId,
      until,
      userId: body.user.id,
    });
    if (team === undefined) return void (await respond({ ...snoozeTeamGone(), replace_original: false }));
    const label = nudgeKindLabel(target.kind);
    await respond({ ...snoozed(team.name, label, until, team.timeZone), replace_original: false });
    const note = `:zzz: <@${body.user.id}> snoozed ${label} nudges until ${when(until, team.timeZone)}.`;
    const blocks = snoozedNudgeBlocks(body.message?.blocks, target.mlTeamId, target.kind, note);
    if (blocks) await respond({ replace_original: true, text: body.message?.text ?? note, blocks });
  });
}

/** "<ml_team_id>:<kind>" as the nudge's button carries it; anything else is refused. */
export function parseSnoozeValue(value: string | undefined): { mlTeamId: number; kind: NudgeKind } | null {
  const match = /^(\d{1,9}):([a-z_]+)$/.exec(value ?? "");
  const kind = NUDGE_KINDS.find((k) => k === match?.[2]);
  return match?.[1] && kind ? { mlTeamId: Number(match[1]), kind } : null;
}
