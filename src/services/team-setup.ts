// Registering a channel's ML team, or changing it: who may, what the form starts from, and saving it.
import { listRespondents, replaceRespondents } from "../db/respondents.js";
import type { MlTeam } from "../db/schema.js";
import { createTeam, findTeamByChannel, scheduleOf, updateTeam } from "../db/teams.js";
import { ensureWorkspace, type WorkspaceRef } from "../db/workspaces.js";
import { DEFAULT_SCHEDULE, type TeamSchedule } from "../domain/calendar.js";
import { settingsUnchanged, type TeamSettings } from "../domain/team.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, timeZoneOf } from "./directory.js";

export const TEAM_NAME_MAX_LENGTH = 80;

/** What the setup form starts from: the team as it is, or defaults for a new one. */
export interface SetupForm extends TeamSchedule {
  readonly channelId: string;
  /** Set when the form edits an existing team. */
  readonly mlTeamId: number | null;
  readonly name: string;
  readonly respondents: readonly string[];
}

export interface SetupSubmission {
  readonly settings: TeamSettings;
  readonly respondents: readonly string[];
}

export type SetupFormOutcome =
  | { readonly kind: "form"; readonly form: SetupForm }
  | { readonly kind: "refused"; readonly createdBy: string };

/**
 * The form for the channel's team. Only whoever set a team up and workspace admins and owners may change
 * it; a new team defaults to the channel's name, the person as its respondent and their time zone.
 */
export async function setupFormFor(
  ctx: ServiceContext,
  directory: Directory,
  request: { teamId: string; channelId: string; userId: string; suggestedName: string },
): Promise<SetupFormOutcome> {
  const existing = await findTeamByChannel(ctx.db, request.teamId, request.channelId);
  if (existing) {
    if (!(await mayEditTeam(directory, existing, request.userId))) {
      return { kind: "refused", createdBy: existing.created_by };
    }
    return { kind: "form", form: await formOf(ctx, existing) };
  }
  const form = {
    channelId: request.channelId,
    mlTeamId: null,
    name: request.suggestedName,
    respondents: [request.userId],
    ...DEFAULT_SCHEDULE,
    timeZone: timeZoneOf(await directory.lookUp(request.userId)),
  };
  return { kind: "form", form };
}

async function formOf(ctx: ServiceContext, team: MlTeam): Promise<SetupForm> {
  return {
    channelId: team.channel_id,
    mlTeamId: team.id,
    name: team.name,
    respondents: await listRespondents(ctx.db, team.id),
    ...scheduleOf(team),
  };
}

async function unchanged(ctx: ServiceContext, team: MlTeam, submission: SetupSubmission): Promise<boolean> {
  if (!settingsUnchanged({ name: team.name, ...scheduleOf(team) }, submission.settings)) return false;
  const respondents = new Set(await listRespondents(ctx.db, team.id));
  const submitted = new Set(submission.respondents);
  return respondents.size === submitted.size && [...submitted].every((r) => respondents.has(r));
}

/** Someone Slack cannot tell us about (user_not_found) is refused, not shown an apology. */
async function mayEditTeam(directory: Directory, team: MlTeam, userId: string): Promise<boolean> {
  return (await permission(directory, userId, [team.created_by])).kind === "allowed";
}

export type SetupOutcome =
  | {
      readonly kind: "saved";
      readonly name: string;
      readonly schedule: TeamSchedule;
      readonly respondents: number;
      readonly created: boolean;
    }
  /** Saved as it was opened: nothing was written, and nobody needs telling. */
  | { readonly kind: "unchanged"; readonly name: string }
  /** The channel's team changed (or appeared) since the form was opened: look again. */
  | { readonly kind: "out-of-date" }
  | { readonly kind: "refused" };

/**
 * Saves the form for the channel's team. Checked again here, because a form's hidden fields can be
 * forged: the team it was opened for must still be the channel's, and the person may still edit it.
 */
export async function saveTeamSetup(
  ctx: ServiceContext,
  directory: Directory,
  request: {
    workspace: WorkspaceRef;
    channelId: string;
    userId: string;
    /** The team the form was opened for; null for a new one. */
    mlTeamId: number | null;
    submission: SetupSubmission;
  },
): Promise<SetupOutcome> {
  const { workspace, submission } = request;
  const existing = await findTeamByChannel(ctx.db, workspace.teamId, request.channelId);
  if ((existing?.id ?? null) !== request.mlTeamId) return { kind: "out-of-date" };
  if (existing && !(await mayEditTeam(directory, existing, request.userId))) return { kind: "refused" };
  if (existing && (await unchanged(ctx, existing, submission)))
    return { kind: "unchanged", name: existing.name };
  const now = ctx.clock();
  const team = await ctx.db.transaction().execute(async (trx) => {
    await ensureWorkspace(trx, workspace);
    const saved = existing
      ? await updateTeam(
          trx,
          existing.id,
          { settings: submission.settings, enterpriseId: workspace.enterpriseId },
          now,
        )
      : await createTeam(
          trx,
          {
            teamId: workspace.teamId,
            enterpriseId: workspace.enterpriseId,
            channelId: request.channelId,
            createdBy: request.userId,
            settings: submission.settings,
          },
          now,
        );
    if (saved) await replaceRespondents(trx, saved.id, submission.respondents, now);
    return saved;
  });
  if (!team) return { kind: "out-of-date" };
  return {
    kind: "saved",
    name: team.name,
    schedule: scheduleOf(team),
    respondents: submission.respondents.length,
    created: !existing,
  };
}
