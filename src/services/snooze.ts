import { snoozeNudge as snoozeNudgeRow } from "../db/snoozes.js";
import type { NudgeKind } from "../domain/nudges.js";
import type { ServiceContext } from "./context.js";

const WEEK_MS = 7 * 86_400_000;
export const SNOOZE_WEEKS = 4;

export type SnoozeOutcome =
  | { readonly kind: "team-gone" }
  | { readonly kind: "snoozed"; readonly name: string; readonly until: Date; readonly timeZone: string };

/** No nudge of that kind for the team for SNOOZE_WEEKS, in the workspace asking only. */
export async function snoozeNudge(
  ctx: ServiceContext,
  request: { teamId: string; userId: string; mlTeamId: number; kind: NudgeKind },
): Promise<SnoozeOutcome> {
  const until = new Date(ctx.clock().getTime() + SNOOZE_WEEKS * WEEK_MS);
  const team = await snoozeNudgeRow(ctx.db, { ...request, until });
  if (team === undefined) return { kind: "team-gone" };
  return { kind: "snoozed", name: team.name, until, timeZone: team.timeZone };
}
