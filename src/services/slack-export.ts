// `/mlops export [#channel | all]`: the answers export of one team, for its respondents, its creator and
// workspace admins, or of the whole workspace, for admins; built as the CSV the CLI writes.
import { buffer } from "node:stream/consumers";
import { listRespondents } from "../db/respondents.js";
import { findTeamByChannel } from "../db/teams.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, type Refusal } from "./directory.js";
import { exportStream } from "./export.js";
import { lookUpTeam, type TeamQuery, type TeamReference } from "./team-lookup.js";

export type ExportTarget = { readonly all: true } | { readonly all: false; readonly query: TeamQuery };

export type SlackExportOutcome =
  | Exclude<TeamReference<unknown>, { kind: "found" }>
  | {
      readonly kind: "refused";
      readonly what: string;
      readonly createdBy: string | null;
      readonly refusal: Refusal;
    }
  | {
      readonly kind: "ready";
      /** "Fraud models", or "every team of this workspace". */
      readonly what: string;
      readonly filename: string;
      /** The CSV, built when asked for (after the command is acknowledged) with the context of then. */
      content(ctx: ServiceContext): Promise<Buffer>;
    };

export async function exportForPerson(
  ctx: ServiceContext,
  directory: Directory,
  request: { teamId: string; userId: string; target: ExportTarget },
): Promise<SlackExportOutcome> {
  const { teamId, userId, target } = request;
  const day = ctx.clock().toISOString().slice(0, 10);
  if (target.all) {
    const allowed = await permission(directory, userId, []);
    const what = "every team of this workspace";
    if (allowed.kind !== "allowed") return { kind: "refused", what, createdBy: null, refusal: allowed };
    return ready(what, `mlops-answers-${teamId}-${day}.csv`, { workspaceId: teamId });
  }
  const reference = await lookUpTeam(ctx.db, teamId, target.query, findTeamByChannel);
  if (reference.kind !== "found") return reference;
  const team = reference.team;
  const allowed = await permission(directory, userId, [
    team.created_by,
    ...(await listRespondents(ctx.db, team.id)),
  ]);
  if (allowed.kind !== "allowed") {
    return { kind: "refused", what: team.name, createdBy: team.created_by, refusal: allowed };
  }
  return ready(team.name, `mlops-answers-${team.channel_id}-${day}.csv`, {
    workspaceId: teamId,
    mlTeamIds: [team.id],
  });
}

function ready(
  what: string,
  filename: string,
  scope: { workspaceId: string; mlTeamIds?: number[] },
): SlackExportOutcome {
  return {
    kind: "ready",
    what,
    filename,
    content: (ctx) => buffer(exportStream(ctx, { kind: "answers", format: "csv", ...scope })),
  };
}
