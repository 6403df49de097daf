// The closed round's team digest and nudges, and the workspace's org digest, as messages and skips.
import { roundEndOf } from "../domain/calendar.js";
import { claimDecision } from "../domain/delivery-policy.js";
import { type ClosedRound, hasNews, practicesLost, roundNudges, teamDigestData } from "../domain/digest.js";
import { deliveryKeys, isSnoozed, type ScheduledTeam, type TeamWork } from "../domain/due-work.js";
import { countedHistory, judgeRounds, type RoundEvidence, roundEvidence } from "../domain/evidence-rounds.js";
import { groupRollup } from "../domain/group-rollup.js";
import { NUDGE_KINDS } from "../domain/nudges.js";
import {
  coversWorkspace,
  judgedSince,
  levelsOverWeeks,
  type OrgDigestWork,
  type OrgTeam,
  orgDigestData,
} from "../domain/org-digest.js";
import { isRole } from "../domain/roles.js";
import { nudgeMessage } from "../slack/views/nudge.js";
import { orgDigestMessage } from "../slack/views/org-digest.js";
import { teamDigestMessage } from "../slack/views/team-digest.js";
import type { Unit } from "./deliver.js";
import { ORDER, type PlanInput, type Planned, teamRef } from "./units.js";

const DAY_MS = 86_400_000;

/** The closed round's team digest, once its snapshot exists; a round with nothing to report is skipped. */
export function teamDigestPlan(work: TeamWork, input: PlanInput): Planned {
  const { team, rounds, teamDigest } = work;
  const history = closedHistory(work, input);
  if (teamDigest === null || history === null) return { units: [], skips: [] };
  const period = rounds.previous.period;
  const ref = teamRef(team, "team_digest", period, deliveryKeys.teamDigest(team.id, period));
  const [round] = history;
  const reason = "nothing to report: the round was not asked and nobody answered";
  if (round === undefined || !hasNews(round)) return { units: [], skips: [{ ...ref, reason }] };
  const answers = input.data.answers(team.id, period);
  const roles = answers.map((a) => (a.role !== null && isRole(a.role) ? a.role : null));
  const judged = judgedRounds(team, history, input, rounds.previous.end);
  const data = teamDigestData(
    history,
    roles,
    answers.map((a) => ({ met: a.met, notApplicable: a.not_applicable })),
    judged.evidence.get(round.period) ?? null,
    judged.counted,
  );
  const message = teamDigestMessage({ teamName: team.name, data });
  const unit = { ...ref, channel: team.channelId, message, claim: teamDigest, order: ORDER.teamDigest };
  return { units: [unit], skips: [] };
}

/** At most one nudge of each kind per team per round; every kind's decision is recorded, posted or not. */
export function nudgePlan(work: TeamWork, input: PlanInput): Planned {
  const { team, rounds } = work;
  const history = closedHistory(work, input);
  if (!work.nudges || history === null) return { units: [], skips: [] };
  const period = rounds.previous.period;
  // Under strict, a practice the level leaves out is not shown done, nor a level it does not reach.
  const due = roundNudges(judgedRounds(team, history, input, rounds.previous.end).history);
  const planned: Planned = { units: [], skips: [] };
  NUDGE_KINDS.forEach((kind, index) => {
    const key = deliveryKeys.nudge(kind, team.id, period);
    const claim = claimDecision(input.lookup(key), input.now);
    if (claim === null) return;
    const ref = teamRef(team, `nudge:${kind}`, period, key);
    const nudge = due.find((n) => n.kind === kind);
    if (nudge === undefined) planned.skips.push({ ...ref, reason: "not applicable this round" });
    else if (isSnoozed(team, kind, input.now)) {
      const until = team.snoozedUntil.get(kind)?.toISOString() ?? "";
      planned.skips.push({ ...ref, reason: `snoozed until ${until}` });
    } else {
      const message = nudgeMessage({
        mlTeamId: team.id,
        teamName: team.name,
        period,
        nudge,
        // A regression names the practices lost since the latest round with answers.
        lost: nudge.kind === "regression" ? practicesLost(history) : [],
      });
      planned.units.push({ ...ref, channel: team.channelId, message, claim, order: ORDER.nudge + index });
    }
  });
  return planned;
}

/** The team's history if its newest snapshot is the round just closed; null while it is not closed yet. */
function closedHistory(work: TeamWork, input: PlanInput): readonly ClosedRound[] | null {
  const history = input.history(work.team.id);
  return history[0]?.period === work.rounds.previous.period ? history : null;
}

/**
 * The team's rounds judged as the org digest judges them (ending in the last JUDGED_WITHIN_DAYS days before
 * `end`, at their ends): each judged round's evidence by period; under strict, their levels without disputed
 * practices, and the history so counted.
 */
function judgedRounds(team: ScheduledTeam, history: readonly ClosedRound[], input: PlanInput, end: Date) {
  const judged = new Map<string, RoundEvidence>();
  const { counted } = judgeRounds(
    history,
    (r) => roundEndOf(team.schedule, r.period, r.closedAt),
    (r, at) => {
      const evidence = evidenceAt(input, team.id, r, at);
      if (evidence) judged.set(r.period, evidence);
      return evidence;
    },
    judgedSince(end),
  );
  return { counted, evidence: judged, history: countedHistory(history, judged) };
}

/** A round's evidence judged at `at`, its end; null when the team had linked nothing by then. */
function evidenceAt(input: PlanInput, mlTeamId: number, round: ClosedRound, at: Date) {
  const evidence = input.evidence?.(mlTeamId) ?? null;
  const verdicts = evidence?.verdictsAt(at) ?? null;
  return evidence && verdicts ? roundEvidence(round, verdicts, evidence.policy) : null;
}

/** A team as the org digest reads it, judged by evidence as far back as `since` (org-digest.ts says why). */
function orgTeam(team: ScheduledTeam, input: PlanInput, since: Date): OrgTeam {
  const history = input.history(team.id);
  const { latest, counted } = judgeRounds(
    history,
    (round) => roundEndOf(team.schedule, round.period, round.closedAt),
    (round, end) => evidenceAt(input, team.id, round, end),
    since,
  );
  const { id, name, channelId } = team;
  return { id, name, channelId, history, evidence: latest, counted };
}

export function orgDigestUnit(work: OrgDigestWork, teams: readonly ScheduledTeam[], input: PlanInput): Unit {
  const { workspace, week, dueAt, key, claim } = work;
  const since = new Date(dueAt.getTime() - 7 * DAY_MS);
  const orgTeams = teams.map((t) => orgTeam(t, input, judgedSince(dueAt)));
  const data = orgDigestData(orgTeams, since);
  const byId = new Map(orgTeams.map((t) => [t.id, t]));
  const groups = (input.groups ?? [])
    // An organisation's group spans its workspaces: only its org-level digest rolls it up whole.
    .filter((g) =>
      g.enterpriseId === null
        ? coversWorkspace(workspace, g.teamId)
        : g.enterpriseId === workspace.organisation?.enterpriseId,
    )
    .map((g) => ({
      name: g.name,
      rollup: groupRollup(g.mlTeamIds.flatMap((id) => byId.get(id) ?? [])),
    }));
  const message = orgDigestMessage({ week, data, weeks: levelsOverWeeks(orgTeams, week), groups });
  const ref = { key, teamId: workspace.teamId, mlTeamId: null, kind: "org_digest", period: week };
  return { ...ref, channel: workspace.channelId, message, claim, order: ORDER.orgDigest };
}
