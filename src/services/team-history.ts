// `/mlops history`: a team's closed rounds turned into its history, for anyone in the workspace.
import { evidencePolicy, linksOfTeam, signalsOf } from "../db/evidence.js";
import { loadMlflowSources } from "../db/mlflow.js";
import { teamClosedRounds } from "../db/snapshots.js";
import { findTeamByChannel, scheduleOf } from "../db/teams.js";
import { roundEndOf, type TeamSchedule } from "../domain/calendar.js";
import { type ClosedRound, hasLevel } from "../domain/digest.js";
import type { EvidencePolicy, EvidenceVerdicts } from "../domain/evidence.js";
import { EVIDENCE_WINDOW_DAYS } from "../domain/evidence-wording.js";
import { HISTORY_ROUNDS, type TeamHistory, teamHistory } from "../domain/history.js";
import type { ServiceContext } from "./context.js";
import { verdictsFrom } from "./team-evidence.js";
import { lookUpTeam, mapFound, type TeamQuery, type TeamReference } from "./team-lookup.js";

export interface HistoryReport {
  readonly team: { readonly id: number; readonly name: string; readonly channelId: string };
  readonly history: TeamHistory;
}

/** The history of the team `query` means, only ever in workspace `teamId`. */
export async function teamHistoryReport(
  ctx: ServiceContext,
  teamId: string,
  query: TeamQuery,
): Promise<TeamReference<HistoryReport>> {
  const reference = await lookUpTeam(ctx.db, teamId, query, findTeamByChannel);
  return mapFound(reference, async (team) => {
    const closed = await teamClosedRounds(ctx.db, team.id);
    const judged = await roundJudge(ctx, teamId, team.id, scheduleOf(team), closed);
    return {
      team: { id: team.id, name: team.name, channelId: team.channel_id },
      history: teamHistory(closed, judged?.judge, judged?.policy),
    };
  });
}

const WINDOW_MS = EVIDENCE_WINDOW_DAYS * 86_400_000;

/**
 * Each round judged by the evidence of the 28 days up to its end, from one read of the signals of the whole
 * period the chart covers (not one per round); undefined when the team linked nothing.
 */
async function roundJudge(
  ctx: ServiceContext,
  teamId: string,
  mlTeamId: number,
  schedule: TeamSchedule,
  closed: readonly ClosedRound[],
): Promise<{ judge: (round: ClosedRound) => EvidenceVerdicts | null; policy: EvidencePolicy } | undefined> {
  const shown = closed.filter(hasLevel).slice(0, HISTORY_ROUNDS);
  if (shown.length === 0) return undefined;
  const links = await linksOfTeam(ctx.db, mlTeamId);
  if (links.length === 0) return undefined;
  const endOf = (round: ClosedRound) => roundEndOf(schedule, round.period, round.closedAt);
  const since = new Date(Math.min(...shown.map((r) => endOf(r).getTime())) - WINDOW_MS);
  const subjects = links.map((l) => ({ kind: l.subject_kind, subject: l.subject }));
  const [signals, sources, policy] = await Promise.all([
    signalsOf(ctx.db, teamId, subjects, since),
    links.some((l) => l.subject_kind === "experiment") ? loadMlflowSources(ctx.db, teamId) : [],
    evidencePolicy(ctx.db, teamId),
  ]);
  const verdictsAt = verdictsFrom(links, sources, signals);
  return { judge: (round) => verdictsAt(endOf(round)), policy };
}
