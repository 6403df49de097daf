// Snoozing one kind of a team's nudges. It silences advice the whole channel sees, so it is for the same
// people who may pause the team — its respondents, whoever set it up, workspace admins and owners — and only
// from the team's own nudge in its own channel.
import { listRespondents } from "../db/respondents.js";
import { snoozeNudge as snoozeNudgeRow } from "../db/snoozes.js";
import { findTeamById } from "../db/teams.js";
import type { NudgeKind } from "../domain/nudges.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, type Refusal } from "./directory.js";

const WEEK_MS = 7 * 86_400_000;
export const SNOOZE_WEEKS = 4;

export type SnoozeOutcome =
  | { readonly kind: "team-gone" }
  /** The button was clicked somewhere other than the team's channel (another channel, a view). */
  | { readonly kind: "elsewhere"; readonly channelId: string }
  | {
      readonly kind: "refused";
      readonly team: { readonly name: string; readonly createdBy: string };
      readonly refusal: Refusal;
    }
  | { readonly kind: "snoozed"; readonly name: string; readonly until: Date; readonly timeZone: string };

export interface SnoozeRequest {
  readonly teamId: string;
  readonly userId: string;
  readonly mlTeamId: number;
  readonly kind: NudgeKind;
  /** The channel of the message whose button was clicked; null when it was not in a channel message. */
  readonly channelId: string | null;
}

/** No nudge of that kind for the team for SNOOZE_WEEKS, in the workspace asking only. */
export async function snoozeNudge(
  ctx: ServiceContext,
  directory: Directory,
  request: SnoozeRequest,
): Promise<SnoozeOutcome> {
  const team = await findTeamById(ctx.db, request.teamId, request.mlTeamId);
  if (team === undefined) return { kind: "team-gone" };
  if (request.channelId !== team.channel_id) return { kind: "elsewhere", channelId: team.channel_id };
  const respondents = await listRespondents(ctx.db, team.id);
  const allowed = await permission(directory, request.userId, [team.created_by, ...respondents]);
  if (allowed.kind !== "allowed") {
    return { kind: "refused", team: { name: team.name, createdBy: team.created_by }, refusal: allowed };
  }
  const until = new Date(ctx.clock().getTime() + SNOOZE_WEEKS * WEEK_MS);
  const snoozed = await snoozeNudgeRow(ctx.db, { ...request, until });
  if (snoozed === undefined) return { kind: "team-gone" };
  return { kind: "snoozed", name: snoozed.name, until, timeZone: snoozed.timeZone };
}
