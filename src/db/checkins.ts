// A check-in's writes in one statement: one round trip instead of a transaction of five (npm run bench:floors
// measures the check-in beside a floor app that does the same writes in one statement). Prepared, in two
// forms (with the person's role and without): kysely building the statement and Postgres planning it on every
// submission cost more than the writes themselves.
import type { Kysely, QueryCreator } from "kysely";
import type { Role } from "../domain/roles.js";
import { type AnswerInput, type AnswerRow, answerRow, answerRowUpsert, type RoundAnswer } from "./answers.js";
import { roleUpsert } from "./people.js";
import { preparedQuery } from "./prepared.js";
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
  const row = answerRow(answer, now);
  const values = [
    row.ml_team_id,
    row.team_id,
    row.period,
    row.user_id,
    row.met,
    row.not_applicable,
    row.note,
    row.confirmed_unchanged,
    row.submitted_at,
  ] as const;
  // Without a role the person's row is left as it is, as saveRole is only called with one.
  const rows = role === null ? await saveAnswer(db, ...values) : await saveAnswerAndRole(db, role, ...values);
  return rows.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

type RowValues = [
  mlTeamId: number,
  teamId: string,
  period: string,
  userId: string,
  met: string[],
  notApplicable: string | null,
  note: string | null,
  confirmedUnchanged: true | null,
  submittedAt: Date,
];

const rowOf = (
  ...[mlTeamId, teamId, period, userId, met, na, note, unchanged, at]: RowValues
): AnswerRow => ({
  ml_team_id: mlTeamId,
  team_id: teamId,
  period,
  user_id: userId,
  met,
  not_applicable: na,
  note,
  confirmed_unchanged: unchanged,
  submitted_at: at,
});

/** The statement: the person's row (`person`, with a role) as a third part when given. */
function checkinStatement(
  db: Kysely<Database>,
  row: AnswerRow,
  person?: (qc: QueryCreator<Database>) => ReturnType<typeof roleUpsert>,
) {
  const saved = db
    .with("saved", (qc) => answerRowUpsert(qc, row).returning(["user_id", "met", "not_applicable"]))
    .with("respondent", (qc) => respondentsInsert(qc, row.ml_team_id, [row.user_id], row.submitted_at));
  return (person ? saved.with("person", person) : saved)
    .selectFrom("answers")
    .select(["user_id as userId", "met", "not_applicable as notApplicable"])
    .where("ml_team_id", "=", row.ml_team_id)
    .where("period", "=", row.period)
    .where("user_id", "<>", row.user_id)
    .unionAll((qc) =>
      qc.selectFrom("saved").select(["user_id as userId", "met", "not_applicable as notApplicable"]),
    );
}

const saveAnswer = preparedQuery("save_checkin", (db: Kysely<Database>, ...values: RowValues) =>
  checkinStatement(db, rowOf(...values)),
);

const saveAnswerAndRole = preparedQuery(
  "save_checkin_with_role",
  (db: Kysely<Database>, role: Role, ...values: RowValues) => {
    const row = rowOf(...values);
    return checkinStatement(db, row, (qc) =>
      roleUpsert(qc, { teamId: row.team_id, userId: row.user_id, role }, row.submitted_at),
    );
  },
);
