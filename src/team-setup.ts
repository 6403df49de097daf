import type { Kysely } from "kysely";
import { replaceRespondents } from "./db/respondents.js";
import type { Database, MlTeam } from "./db/schema.js";
import { createTeam, updateTeam } from "./db/teams.js";
import { ensureWorkspace } from "./db/workspaces.js";
import type { SetupSubmission } from "./slack/views/setup-form.js";

export interface SetupRequest {
  teamId: string;
  enterpriseId: string | null;
  channelId: string;
  userId: string;
  /** The team already registered in the channel, as read just before (permission already checked). */
  existing: MlTeam | undefined;
  submission: SetupSubmission;
}

/** "taken": the channel got a team between our read and our write; the person should look again. */
export type SetupOutcome = { kind: "saved"; team: MlTeam; created: boolean } | { kind: "taken" };

export async function saveSetup(
  db: Kysely<Database>,
  request: SetupRequest,
  now: Date,
): Promise<SetupOutcome> {
  const { settings, respondents } = request.submission;
  return db.transaction().execute(async (trx) => {
    await ensureWorkspace(trx, { teamId: request.teamId, enterpriseId: request.enterpriseId });
    const team = request.existing
      ? await updateTeam(trx, request.existing.id, { settings, enterpriseId: request.enterpriseId }, now)
      : await createTeam(
          trx,
          {
            teamId: request.teamId,
            enterpriseId: request.enterpriseId,
            channelId: request.channelId,
            createdBy: request.userId,
            settings,
          },
          now,
        );
    if (!team) return { kind: "taken" } as const;
    await replaceRespondents(trx, team.id, respondents, now);
    return { kind: "saved", team, created: !request.existing } as const;
  });
}
