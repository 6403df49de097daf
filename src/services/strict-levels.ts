// Levels in lists of teams (`/mlops teams`, App Home, the read API) under the strict evidence policy: each
// team's level now without the practices evidence disputes, as `/mlops status` counts it; and a group's
// roll-up and the App Home's trends and movers, whose closed rounds are judged as the org digest judges them.
// Teams whose workspace keeps the default policy cost one query and read no evidence.
import { evidencePolicies } from "../db/evidence.js";
import type { MlTeam } from "../db/schema.js";
import { scheduleOf } from "../db/teams.js";
import { roundEndOf } from "../domain/calendar.js";
import type { ClosedRound } from "../domain/digest.js";
import type { EvidenceVerdicts } from "../domain/evidence.js";
import {
  type JudgedRounds,
  judgeRounds,
  type RoundPractices,
  roundEvidence,
} from "../domain/evidence-rounds.js";
import type { RollupTeam } from "../domain/group-rollup.js";
import { judgedSince, type LevelRound, type OrgTeam } from "../domain/org-digest.js";
import type { ServiceContext } from "./context.js";
import { loadEvidenceOfTeams } from "./team-evidence.js";

/** A team's verdicts now when its workspace's policy is strict; null otherwise (its level is the answers'). */
export type StrictVerdicts = (mlTeamId: number) => EvidenceVerdicts | null;

/** Teams whose workspace's evidence policy is strict. */
async function strictTeams<T extends Pick<MlTeam, "team_id">>(
  ctx: ServiceContext,
  teams: readonly T[],
): Promise<T[]> {
  const policies = await evidencePolicies(
    ctx.db,
    teams.map((t) => t.team_id),
  );
  return teams.filter((t) => policies.get(t.team_id) === "strict");
}

export async function strictVerdicts(
  ctx: ServiceContext,
  teams: readonly Pick<MlTeam, "id" | "team_id">[],
): Promise<StrictVerdicts> {
  const strict = await strictTeams(ctx, teams);
  if (strict.length === 0) return () => null;
  const now = ctx.clock();
  const evidence = await loadEvidenceOfTeams(
    ctx.db,
    strict.map((t) => ({ id: t.id, teamId: t.team_id })),
    now,
  );
  return (mlTeamId) => {
    const found = evidence(mlTeamId);
    return found?.policy === "strict" ? found.current(now) : null;
  };
}

type Scheduled = Pick<MlTeam, "id" | "team_id" | "cadence" | "checkin_day" | "checkin_time" | "time_zone">;
type RolledUpTeam = Scheduled & Pick<MlTeam, "name"> & { readonly channelId: string };
type JudgeableRound = Pick<ClosedRound, "period" | "closedAt" | "level"> & RoundPractices;

/**
 * Judges each team of a strict workspace (by `judge`) over the rounds ending in the last JUDGED_WITHIN_DAYS
 * days, at their ends, as the org digest judges its teams; teams under shown are left as they are.
 */
async function judgeStrictTeams<T extends Scheduled, U>(
  ctx: ServiceContext,
  teams: readonly T[],
  judge: (team: T, rounds: (rounds: readonly JudgeableRound[]) => JudgedRounds) => U,
  plain: (team: T) => U,
): Promise<U[]> {
  const strict = await strictTeams(ctx, teams);
  if (strict.length === 0) return teams.map(plain);
  const since = judgedSince(ctx.clock());
  const evidence = await loadEvidenceOfTeams(
    ctx.db,
    strict.map((t) => ({ id: t.id, teamId: t.team_id })),
    since,
  );
  return teams.map((team) => {
    const over = evidence(team.id);
    if (!over) return plain(team);
    return judge(team, (rounds) =>
      judgeRounds(
        rounds,
        (round) => roundEndOf(scheduleOf(team), round.period, round.closedAt),
        (round, end) => {
          const verdicts = over.verdictsAt(end);
          return verdicts && roundEvidence(round, verdicts, over.policy);
        },
        since,
      ),
    );
  });
}

/**
 * A group's teams with their closed rounds as its roll-up reads them: under the strict policy judged as the
 * org digest judges its teams (each round ending in the last JUDGED_WITHIN_DAYS days, at its end), so the
 * roll-up counts, draws and moves levels without disputed practices; under shown, as answered.
 */
export async function rolledUpTeams(
  ctx: ServiceContext,
  teams: readonly RolledUpTeam[],
  history: ReadonlyMap<number, readonly ClosedRound[]>,
): Promise<OrgTeam[]> {
  const plain = (t: RolledUpTeam) => ({
    id: t.id,
    name: t.name,
    channelId: t.channelId,
    history: history.get(t.id) ?? [],
  });
  return judgeStrictTeams(
    ctx,
    teams,
    (team, judge) => {
      const { latest, counted } = judge(plain(team).history);
      return { ...plain(team), evidence: latest, counted };
    },
    plain,
  );
}

/**
 * A group's teams as its roll-up reads them from their windows (db/group-windows.ts), judged as
 * `rolledUpTeams` judges whole histories: the window's rounds with answers (its latest, the one before its
 * newest and its oldest) are the rounds whose counted levels the roll-up reads. Judging stops at the first
 * round not judged, and an earlier round is never judged when a later one is not (its end is earlier, and
 * it had no more links by then), so the rounds between them change nothing.
 */
export async function judgedWindows<T extends RollupTeam & Scheduled>(
  ctx: ServiceContext,
  teams: readonly T[],
): Promise<RollupTeam[]> {
  return judgeStrictTeams(
    ctx,
    teams,
    (team, judge) => {
      const { latest, before } = team.window;
      const rounds = [latest, before, team.oldest].filter((r): r is LevelRound => r !== null);
      const distinct = [...new Map(rounds.map((r) => [r.period, r])).values()];
      // Newest first already: the before round and the oldest are never newer than the latest.
      const { latest: evidence, counted } = judge(distinct);
      return { ...team, evidence, counted };
    },
    (team) => team,
  );
}
