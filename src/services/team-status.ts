// A team's standing for /mlops status and /mlops teams: a constant number of indexed queries whatever
// the number of teams, rounds or answers (status reads the team, its latest round and its evidence in one,
// findTeamWithLatestRound; one more for the MLflow sources of a team that linked an experiment or a model).
import { type LatestRound, latestRounds } from "../db/answers.js";
import type { MlTeam } from "../db/schema.js";
import { findTeamWithLatestRound, listTeams, scheduleOf, type TeamWithLatestRound } from "../db/teams.js";
import { evaluate } from "../domain/evaluate.js";
import type { EvidenceVerdicts } from "../domain/evidence.js";
import { levelEvidence, NO_ANSWER, type ResultEvidence, withEvidence } from "../domain/evidence-level.js";
import {
  type RoundRecency,
  type RoundResult,
  roundRecency,
  roundResult,
  teamAnswerOf,
} from "../domain/round-result.js";
import type { CriterionId, Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import { strictVerdicts } from "./strict-levels.js";
import { evidenceSince, teamEvidenceOf } from "./team-evidence.js";
import { lookUpTeam, mapFound, type TeamQuery, type TeamReference } from "./team-lookup.js";

export interface TeamStatus {
  readonly team: { readonly id: number; readonly name: string; readonly channelId: string };
  readonly respondentCount: number;
  /** The round shown, or null when nobody has ever answered. */
  readonly round: { readonly period: string; readonly recency: RoundRecency } | null;
  /** Under the strict evidence policy, without the practices evidence disputes. */
  readonly result: RoundResult | null;
  /** Null when the team linked nothing. */
  readonly evidence: ResultEvidence | null;
}

/** One line of a list of teams. */
export interface TeamLine {
  readonly id: number;
  readonly name: string;
  readonly channelId: string;
  /** null when the team has no answers yet. */
  readonly level: Level | null;
  readonly next: CriterionId | null;
  /** Practices the level counts as in place because the team says they do not apply. */
  readonly notApplicable: readonly CriterionId[];
  /** Under the strict evidence policy: practices in place the level leaves out, as evidence disputes them. */
  readonly leftOut: readonly CriterionId[];
}

/** What /mlops status shows of the team `query` means: its latest round with answers, the current one when it has any. */
export async function teamStatus(
  ctx: ServiceContext,
  teamId: string,
  query: TeamQuery,
): Promise<TeamReference<TeamStatus>> {
  const now = ctx.clock();
  const since = evidenceSince(now);
  const reference = await lookUpTeam(ctx.db, teamId, query, (db, workspace, channel) =>
    findTeamWithLatestRound(db, workspace, channel, since),
  );
  return mapFound(reference, async (found) => {
    const status = statusOf(found, now);
    const evidence = found.evidence && (await teamEvidenceOf(ctx, teamId, found.evidence));
    if (!evidence) return status;
    // Before anyone has answered, what the systems show is all there is to see.
    if (!status.result)
      return { ...status, evidence: levelEvidence(NO_ANSWER, evidence.verdicts, evidence.policy).evidence };
    const shown = withEvidence(status.result, evidence.verdicts, evidence.policy);
    return { ...status, result: shown.result, evidence: shown.evidence };
  });
}

export function statusOf({ team, respondentCount, latest }: TeamWithLatestRound, now: Date): TeamStatus {
  return {
    team: { id: team.id, name: team.name, channelId: team.channel_id },
    respondentCount,
    round: latest
      ? { period: latest.period, recency: roundRecency(scheduleOf(team), latest.period, now) }
      : null,
    result: latest ? roundResult(latest.answers) : null,
    evidence: null,
  };
}

/** Every team of the workspace with its level (as its evidence policy counts it) and next prerequisite. */
export async function teamLines(ctx: ServiceContext, teamId: string): Promise<TeamLine[]> {
  const [teams, rounds] = await Promise.all([listTeams(ctx.db, teamId), latestRounds(ctx.db, teamId)]);
  const verdicts = await strictVerdicts(ctx, teams);
  return teams.map((team) => teamLine(team, rounds.get(team.id), verdicts(team.id)));
}

/** `strict`: the team's verdicts now when its workspace's policy is strict (strict-levels.ts). */
export function teamLine(
  team: Pick<MlTeam, "id" | "name" | "channel_id">,
  latest: LatestRound | undefined,
  strict: EvidenceVerdicts | null = null,
): TeamLine {
  const answer = latest ? teamAnswerOf(latest.answers) : null;
  const judged = answer && strict ? levelEvidence(answer, strict, "strict") : null;
  const evaluation = judged?.counted?.evaluation ?? (answer ? evaluate(answer.met) : null);
  return {
    id: team.id,
    name: team.name,
    channelId: team.channel_id,
    level: evaluation?.level ?? null,
    next: evaluation?.next ?? null,
    notApplicable: answer ? [...answer.notApplicable.keys()] : [],
    leftOut: judged?.evidence.notCounted ?? [],
  };
}
