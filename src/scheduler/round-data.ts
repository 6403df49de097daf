// Respondents and answers of the rounds a tick works on, loaded for all teams at once.

import type { Kysely } from "kysely";
import { type AnswerRow, loadRespondents, loadRoundAnswers, type TeamPeriod } from "../db/schedule.js";
import type { Database } from "../db/schema.js";
import { closedRoundOf, recentSnapshots } from "../db/snapshots.js";
import type { ClosedRound } from "../domain/digest.js";
import { groupBy } from "../domain/group-by.js";

export interface RoundData {
  respondents(mlTeamId: number): readonly string[];
  answers(mlTeamId: number, period: string): readonly AnswerRow[];
}

export async function loadRoundData(
  db: Kysely<Database>,
  teamsWithRespondents: readonly number[],
  rounds: readonly TeamPeriod[],
): Promise<RoundData> {
  const [respondentRows, answerRows] = await Promise.all([
    loadRespondents(db, [...new Set(teamsWithRespondents)]),
    loadRoundAnswers(db, rounds),
  ]);
  const respondents = groupBy(respondentRows, (r) => String(r.ml_team_id));
  const answers = groupBy(answerRows, (a) => `${a.ml_team_id}:${a.period}`);
  return {
    respondents: (mlTeamId) => (respondents.get(String(mlTeamId)) ?? []).map((r) => r.user_id),
    answers: (mlTeamId, period) => answers.get(`${mlTeamId}:${period}`) ?? [],
  };
}

/** Each team's latest closed rounds, newest first. */
export async function loadHistory(
  db: Kysely<Database>,
  mlTeamIds: readonly number[],
  perTeam: number,
): Promise<(mlTeamId: number) => readonly ClosedRound[]> {
  const rows = await recentSnapshots(db, [...new Set(mlTeamIds)], perTeam);
  const byTeam = groupBy(rows, (r) => String(r.ml_team_id));
  const history = new Map([...byTeam].map(([id, snapshots]) => [id, snapshots.map(closedRoundOf)]));
  return (mlTeamId) => history.get(String(mlTeamId)) ?? [];
}
