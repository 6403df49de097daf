// Holding a team's prompts, reminders and nudges for a while. A pause silences the whole team, so only
// those who answer for it, whoever set it up, and workspace admins and owners may pause or resume it.
import { listRespondents } from "../db/respondents.js";
import { pauseTeam as pauseTeamRow, resumeTeam as resumeTeamRow } from "../db/schedule.js";
import { findTeamByChannel, type TeamWithRespondents } from "../db/teams.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, type Refusal } from "./directory.js";

const WEEK_MS = 7 * 86_400_000;
export const MAX_PAUSE_WEEKS = 52;

interface PauseRequest {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
}

type Refused = {
  readonly kind: "refused";
  readonly team: { readonly name: string; readonly createdBy: string };
  readonly refusal: Refusal;
};

export type PauseOutcome =
  | { readonly kind: "no-team" }
  | Refused
  | { readonly kind: "paused"; readonly name: string; readonly until: Date; readonly timeZone: string };

export type ResumeOutcome =
  | { readonly kind: "no-team" }
  | Refused
  | { readonly kind: "resumed"; readonly name: string }
  | { readonly kind: "not-paused"; readonly name: string };

export async function pauseTeam(
  ctx: ServiceContext,
  directory: Directory,
  request: PauseRequest & { weeks: number },
): Promise<PauseOutcome> {
  const team = await findTeamByChannel(ctx.db, request.teamId, request.channelId);
  if (!team) return { kind: "no-team" };
  const refused = await refusal(ctx, directory, team, request.userId);
  if (refused) return refused;
  const now = ctx.clock();
  const until = new Date(now.getTime() + request.weeks * WEEK_MS);
  await pauseTeamRow(ctx.db, request.teamId, team.id, until, now);
  return { kind: "paused", name: team.name, until, timeZone: team.time_zone };
}

export async function resumeTeam(
  ctx: ServiceContext,
  directory: Directory,
  request: PauseRequest,
): Promise<ResumeOutcome> {
  const team = await findTeamByChannel(ctx.db, request.teamId, request.channelId);
  if (!team) return { kind: "no-team" };
  const refused = await refusal(ctx, directory, team, request.userId);
  if (refused) return refused;
  const wasPausedUntil = await resumeTeamRow(ctx.db, request.teamId, team.id, ctx.clock());
  return { kind: wasPausedUntil === null ? "not-paused" : "resumed", name: team.name };
}

async function refusal(
  ctx: ServiceContext,
  directory: Directory,
  team: TeamWithRespondents,
  userId: string,
): Promise<Refused | null> {
  const respondents = await listRespondents(ctx.db, team.id);
  const allowed = await permission(directory, userId, [team.created_by, ...respondents]);
  if (allowed.kind === "allowed") return null;
  return { kind: "refused", team: { name: team.name, createdBy: team.created_by }, refusal: allowed };
}
