// Closing a round: the snapshot that becomes history, and a note of reminders nobody sent in time.

import type { NewSnapshot } from "../db/snapshots.js";
import { isAwayReason } from "../domain/away.js";
import { roundFigures } from "../domain/digest.js";
import { deliveryKeys, type Lookup, staleReminders, type TeamWork } from "../domain/due-work.js";
import type { RoundData } from "./state.js";
import type { Skip } from "./units.js";

export interface Closing {
  readonly snapshots: NewSnapshot[];
  readonly stale: Skip[];
}

export function closeRounds(works: readonly TeamWork[], data: RoundData, lookup: Lookup): Closing {
  const snapshots: NewSnapshot[] = [];
  const stale: Skip[] = [];
  for (const { team, rounds, close } of works) {
    if (!close) continue;
    const round = rounds.previous;
    const answers = data.answers(team.id, round.period);
    const respondents = data.respondents(team.id);
    const answered = new Set(answers.map((a) => a.user_id));
    const away = respondents.filter(
      (userId) =>
        !answered.has(userId) &&
        isAwayReason(lookup(deliveryKeys.reminder(team.id, round.period, userId))?.error ?? null),
    ).length;
    snapshots.push({
      mlTeamId: team.id,
      teamId: team.teamId,
      period: round.period,
      prompted: lookup(deliveryKeys.prompt(team.id, round.period))?.status === "sent",
      away,
      ...roundFigures(
        answers.map((a) => ({ userId: a.user_id, met: a.met, notApplicable: a.not_applicable })),
        respondents,
      ),
    });
    const unanswered = respondents.filter((userId) => !answered.has(userId));
    for (const work of staleReminders(team, round, unanswered, lookup)) {
      stale.push({ ...work, teamId: team.teamId, mlTeamId: team.id, stale: true });
    }
  }
  return { snapshots, stale };
}
