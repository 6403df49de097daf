// A closed round whose answers changed after it closed (an import) gets its snapshot recomputed with the same
// figures the scheduler writes when it closes a round (domain roundFigures), so history and digests see it.

import type { Kysely } from "kysely";
import { sentKeys, snapshotsPrompted, upsertSnapshots } from "../db/import.js";
import { loadRespondents, loadRoundAnswers, type TeamPeriod } from "../db/schedule.js";
import type { Database } from "../db/schema.js";
import type { NewSnapshot } from "../db/snapshots.js";
import { roundFigures } from "../domain/digest.js";
import { deliveryKeys } from "../domain/due-work.js";
import { groupBy } from "../domain/group-by.js";

/**
 * Rounds worked on at once: an import of years of history touches tens of thousands, and reading all their
 * answers in one query would outlast a query's time limit and hold them all in memory.
 */
const ROUNDS_AT_ONCE = 1_000;

type ClosedRound = TeamPeriod & { teamId: string };

/** Recomputes (or first writes) the snapshot of each closed round; returns how many were written. */
export async function reevaluateClosedRounds(
  db: Kysely<Database>,
  rounds: readonly ClosedRound[],
  now: Date,
): Promise<number> {
  for (let i = 0; i < rounds.length; i += ROUNDS_AT_ONCE)
    await reevaluate(db, rounds.slice(i, i + ROUNDS_AT_ONCE), now);
  return rounds.length;
}

async function reevaluate(db: Kysely<Database>, rounds: readonly ClosedRound[], now: Date): Promise<void> {
  const ids = [...new Set(rounds.map((r) => r.mlTeamId))];
  const [answers, respondents, prompted] = await Promise.all([
    loadRoundAnswers(db, rounds),
    loadRespondents(db, ids),
    snapshotsPrompted(db, rounds),
  ]);
  const sent = await sentKeys(
    db,
    rounds.map((r) => deliveryKeys.prompt(r.mlTeamId, r.period)),
  );
  const byRound = groupBy(answers, (a) => `${a.ml_team_id}:${a.period}`);
  const byTeam = groupBy(respondents, (r) => String(r.ml_team_id));
  const snapshots: NewSnapshot[] = rounds.map((round) => {
    const key = `${round.mlTeamId}:${round.period}`;
    const ofRound = byRound.get(key) ?? [];
    return {
      mlTeamId: round.mlTeamId,
      teamId: round.teamId,
      period: round.period,
      // A round that closed keeps what it knew; one that never closed was asked if its prompt went out.
      prompted: prompted.get(key) ?? sent.has(deliveryKeys.prompt(round.mlTeamId, round.period)),
      ...roundFigures(
        ofRound.map((a) => ({ userId: a.user_id, met: a.met, notApplicable: a.not_applicable })),
        (byTeam.get(String(round.mlTeamId)) ?? []).map((r) => r.user_id),
      ),
    };
  });
  await upsertSnapshots(db, snapshots, now);
}
