// What a clicked button's value says; values can be forged, so each is parsed strictly.
import { NUDGE_KINDS, type NudgeKind } from "../../domain/nudges.js";

/** A Check in button names its team by id; without a value, the team of the channel it was clicked in. */
export function checkinTarget(
  value: string | undefined,
  channelId: string | undefined,
): { mlTeamId: number } | { channelId: string } | null {
  if (value !== undefined && /^\d{1,9}$/.test(value)) return { mlTeamId: Number(value) };
  return channelId ? { channelId } : null;
}

/** "<ml_team_id>:<kind>" as the nudge's button carries it; anything else is refused. */
export function parseSnoozeValue(value: string | undefined): { mlTeamId: number; kind: NudgeKind } | null {
  const match = /^(\d{1,9}):([a-z_]+)$/.exec(value ?? "");
  const kind = NUDGE_KINDS.find((k) => k === match?.[2]);
  return match?.[1] && kind ? { mlTeamId: Number(match[1]), kind } : null;
}
