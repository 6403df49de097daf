// A check-in's writes in one statement: one round trip instead of a transaction of five (npm run bench:floors
// measures the check-in beside a floor app that does the same writes in one statement).
import type { Kysely } from "kysely";
import type { Role } from "../domain/roles.js";
import { type AnswerInput, answerUpsert, type RoundAnswer } from "./answers.js";
import { roleUpsert } from "./people.js";
import { respondentsInsert } from "./respondents.js";
import type { Database } from "./schema.js";

/**
 * Saves the person's answer, makes them one of the team's respondents and keeps their role (when given),
 * then returns the round's answers as they stand with theirs. The parts of one statement do not see each
 * other's writes, so the new answer comes from the upsert itself and the others' from the table.
 */
export async function saveCheckin(
  db: Kysely<Database>,
  answer: AnswerInput,
  role: Role | null,
  now: Date,
): Promise<RoundAnswer[]> {
  const { mlTeamId, teamId, period, userId } = answer;
  const saved = db
    .with("saved", (qc) => answerUpsert(qc, answer, now).returning(["user_id", "met", "not_applicable"]))
    .with("respondent", (qc) => respondentsInsert(qc, mlTeamId, [userId], now));
  // Without a role the person's row is left as it is, as saveRole is only called with one.
  const writes =
    role === null ? saved : saved.with("person", (qc) => roleUpsert(qc, { teamId, userId, role }, now));
  const rows = await writes
    .selectFrom("answers")
    .select(["user_id as userId", "met", "not_applicable as notApplicable"])
    .where("ml_team_id", "=", mlTeamId)
    .where("period", "=", period)
    .where("user_id", "<>", userId)
    .unionAll((qc) =>
      qc.selectFrom("saved").select(["user_id as userId", "met", "not_applicable as notApplicable"]),
    )
    .execute();
  return rows.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
