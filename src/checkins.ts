import type { Kysely } from "kysely";
import { latestAnswerOf, roundAnswers, saveAnswer } from "./db/answers.js";
import { findRole, saveRole } from "./db/people.js";
import { addRespondents } from "./db/respondents.js";
import type { Database, MlTeam } from "./db/schema.js";
import { scheduleOf } from "./db/teams.js";
import { roundAt } from "./domain/calendar.js";
import { choicesFor } from "./domain/checkin.js";
import { type RoundResult, roundResult } from "./domain/round-result.js";
import { isCriterionId } from "./domain/rubric.js";
import type { CheckinSubmission } from "./slack/views/checkin-form.js";
import type { CheckinModalInput, CheckinOrigin } from "./slack/views/checkin-modal.js";

/** What the check-in modal shows this person: their last answer and role pre-filled. */
export async function loadCheckinForm(
  db: Kysely<Database>,
  team: MlTeam,
  userId: string,
  origin: CheckinOrigin,
  now: Date,
): Promise<CheckinModalInput> {
  const period = roundAt(scheduleOf(team), now).period;
  const previous = await latestAnswerOf(db, team.id, userId);
  const role = await findRole(db, team.team_id, userId);
  return {
    team: { id: team.id, name: team.name },
    period,
    previous: previous
      ? {
          choices: choicesFor(new Set(previous.met.filter(isCriterionId))),
          note: previous.note,
          sameRound: previous.period === period,
        }
      : null,
    role,
    origin,
  };
}

/**
 * Stores the answer for the round containing `now` (replacing an earlier one in that round), makes the
 * person a respondent and remembers their role; returns the team's result for the round.
 */
export async function recordCheckin(
  db: Kysely<Database>,
  team: MlTeam,
  userId: string,
  submission: CheckinSubmission,
  now: Date,
): Promise<RoundResult> {
  const period = roundAt(scheduleOf(team), now).period;
  return db.transaction().execute(async (trx) => {
    await saveAnswer(
      trx,
      { mlTeamId: team.id, teamId: team.team_id, period, userId, met: submission.met, note: submission.note },
      now,
    );
    await addRespondents(trx, team.id, [userId], now);
    if (submission.role) await saveRole(trx, { teamId: team.team_id, userId, role: submission.role }, now);
    const answers = await roundAnswers(trx, team.id, period);
    return roundResult(answers.map((a) => a.met));
  });
}
