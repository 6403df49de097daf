import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface SnoozedTeam {
  name: string;
  timeZone: string;
}

/** Silences one nudge kind of a team of this workspace until `until`; undefined when there is no such team. */
export async function snoozeNudge(
  db: Kysely<Database>,
  snooze: { teamId: string; mlTeamId: number; kind: string; until: Date; userId: string },
): Promise<SnoozedTeam | undefined> {
  const team = await db
    .selectFrom("ml_teams")
    .select(["name", "time_zone"])
    .where("id", "=", snooze.mlTeamId)
    .where("team_id", "=", snooze.teamId)
    .executeTakeFirst();
  if (team === undefined) return undefined;
  await db
    .insertInto("snoozes")
    .values({
      ml_team_id: snooze.mlTeamId,
      kind: snooze.kind,
      until: snooze.until,
      snoozed_by: snooze.userId,
    })
    .onConflict((oc) =>
      oc.columns(["ml_team_id", "kind"]).doUpdateSet({ until: snooze.until, snoozed_by: snooze.userId }),
    )
    .execute();
  return { name: team.name, timeZone: team.time_zone };
}
