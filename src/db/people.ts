import type { Kysely, QueryCreator } from "kysely";
import type { Role } from "../domain/roles.js";
import type { Database } from "./schema.js";

/** The role a person gave in this workspace, or null when they never said. */
export async function findRole(db: Kysely<Database>, teamId: string, userId: string): Promise<Role | null> {
  const row = await db
    .selectFrom("people")
    .select("role")
    .where("team_id", "=", teamId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function saveRole(
  db: Kysely<Database>,
  person: { teamId: string; userId: string; role: Role },
  now: Date,
): Promise<void> {
  await roleUpsert(db, person, now).execute();
}

/** saveRole's statement, to run alone or as part of a larger one. */
export function roleUpsert(
  db: QueryCreator<Database>,
  person: { teamId: string; userId: string; role: Role },
  now: Date,
) {
  return db
    .insertInto("people")
    .values({ team_id: person.teamId, user_id: person.userId, role: person.role, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["team_id", "user_id"]).doUpdateSet({ role: person.role, updated_at: now }),
    );
}
