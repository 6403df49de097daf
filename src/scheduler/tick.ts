// tick(deps, now): everything due at `now` — prompts, reminders, closing rounds, digests and nudges —
// safe to run twice and on any number of replicas, because every message is claimed in the outbox first.
import type { TickConfig } from "../config.js";
import { isDatabaseUnavailable, withinBudget } from "../db/connect.js";
import { recordSkipped } from "../db/deliveries.js";
import { groupsOfWorkspaces } from "../db/groups.js";
import { insertSnapshots } from "../db/snapshots.js";
import type { Deps } from "../deps.js";
import { TREND_ROUNDS } from "../domain/digest.js";
import { planTeam, type ScheduledTeam, type TeamWork } from "../domain/due-work.js";
import { groupBy } from "../domain/group-by.js";
import { coversWorkspace, judgedSince, type OrgDigestWork, planOrgDigest } from "../domain/org-digest.js";
import type { Logger } from "../logger.js";
import { forgetOldDeliveries } from "../services/github-webhook.js";
import { pollDueMlflowSources } from "../services/mlflow-poll.js";
import { loadEvidenceOfTeams } from "../services/team-evidence.js";
import { purgeExpiredWorkspaces } from "../services/uninstall.js";
import { withoutAway } from "./away.js";
import { tickChunks } from "./chunks.js";
import { type DeliveryContext, deliver } from "./deliver.js";
import { nudgePlan, orgDigestUnit, teamDigestPlan } from "./digest-units.js";
import { ChannelPacer } from "./pacer.js";
import { addSlice, emptyReport, logReport, type TickReport } from "./report.js";
import { loadHistory, loadOutbox, loadRoundData, loadSchedule, type Schedule } from "./state.js";
import {
  closeRounds,
  type DueReminder,
  groupReminders,
  type PlanInput,
  type Planned,
  promptPlan,
  reminderUnits,
  type Skip,
} from "./units.js";

/** What a tick needs: the bot's Deps, or the CLI's, built from the narrower TickConfig. */
export type TickDeps = Deps<TickConfig>;

export interface TickOptions {
  /** Kept across ticks by the scheduler so one channel gets at most about a message a second. */
  pacer?: ChannelPacer;
  /** Aborting stops posting new messages; claims not posted yet are given back. */
  signal?: AbortSignal;
  /** Channels posted to at the same time; 25 unless a test says otherwise. */
  concurrency?: number;
  /** Teams read, planned and posted for at a time (chunks.ts); TEAMS_PER_CHUNK unless a test says otherwise. */
  teamsPerChunk?: number;
  /** Each workspace's MLflow poll's budget (services/mlflow-poll.ts); tests lower it. */
  mlflowBudgetMs?: number;
}

/** One tick's fixed inputs, shared by its slices; its deliveries' context too. */
type TickRun = DeliveryContext & { readonly deps: TickDeps; readonly now: Date };

/** Runs what is due at `now`. Its report says whether it stopped early (a signal, or the outbox went away). */
export async function tick(deps: TickDeps, now: Date, options: TickOptions = {}): Promise<TickReport> {
  const started = performance.now();
  const at = () => new Date(now.getTime() + (performance.now() - started));
  const logger = deps.logger.child({ component: "scheduler", tickAt: now.toISOString() });
  const { signal, pacer = new ChannelPacer(), concurrency = 25 } = options;
  const leaseSeconds = deps.config.deliveryLeaseSeconds;
  const run: TickRun = { ...deps, deps, now, at, logger, pacer, signal, concurrency, leaseSeconds };
  // Workspaces uninstalled longer ago than the retention lose their data first (a reinstall before keeps it).
  const purged = await purgeExpiredWorkspaces(deps, now, deps.config.uninstallRetentionDays);
  for (const p of purged)
    logger.info({ teamId: p.teamId, rows: p.rows }, "purged an uninstalled workspace's data");
  await forgetOldDeliveries(deps).catch((err: unknown) =>
    logger.warn({ err }, "could not forget old GitHub deliveries; the next tick tries again"),
  );
  const schedule = await loadSchedule(withinBudget(deps.db, BULK_READ_BUDGET_MS), now, logger);
  const report = emptyReport(now);
  for (const [index, chunk] of tickChunks(schedule, options.teamsPerChunk).entries()) {
    if (options.signal?.aborted) {
      report.stoppedBy ??= "signal";
      break;
    }
    try {
      addSlice(report, await tickChunk(run, chunk));
    } catch (err) {
      // The first slice failing is the tick failing, as it always was; a later one keeps what the slices
      // before it did in the report (posted, in doubt), and the next tick carries on where it stopped.
      if (index === 0 || !isDatabaseUnavailable(err)) throw err;
      logger.warn({ err }, "the database went away between slices: the rest waits for the next tick");
      report.stoppedBy = "database";
    }
    if (report.stoppedBy !== null) break;
  }
  // Evidence from MLflow after the Slack work, inside its own budget: a slow or down MLflow delays no message.
  if (!options.signal?.aborted) {
    const polled = await pollDueMlflowSources(deps, now, options.mlflowBudgetMs).catch((err: unknown) => {
      logger.error({ err }, "the MLflow poll failed; the next tick tries again");
      return undefined;
    });
    if (polled && polled.polled > 0) report.mlflow = polled;
  }
  report.durationMs = Math.round(performance.now() - started);
  report.purged = purged.map((p) => p.teamId);
  logReport(logger, report);
  return report;
}

/**
 * Each of the tick's bulk reads (every team's schedule; a slice's outbox, rounds, history) may return tens of
 * thousands of rows: more than the 2 s a query gets elsewhere (db/connect.ts) on a busy machine. Each gets
 * this instead, still inside the minute. Writes, the purge and Slack calls keep the pool's own timeouts.
 */
const BULK_READ_BUDGET_MS = 30_000;

/** One slice of the organisation (chunks.ts): read, close its rounds, plan, record the skips, deliver. */
async function tickChunk(run: TickRun, chunk: Schedule) {
  const { deps, now, at, logger, leaseSeconds } = run;
  const bulkRead = () => withinBudget(deps.db, BULK_READ_BUDGET_MS);
  const state = await loadOutbox(bulkRead(), now, chunk, leaseSeconds);
  const { lookup } = state;
  const { teams, workspaces } = chunk;
  const works = teams.map(({ team, rounds }) =>
    planTeam(team, rounds, now, lookup, state.isClosed(team.id, rounds.previous.period)),
  );
  const orgWorks = workspaces.flatMap((w) => planOrgDigest(w, now, lookup) ?? []);
  const needs = needsOf(works, orgWorks, chunk);
  const data = await loadRoundData(bulkRead(), needs.respondents, needs.answers);
  const closing = closeRounds(works, data, lookup);
  await insertSnapshots(deps.db, closing.snapshots, at());
  const history = await loadHistory(bulkRead(), needs.history, TREND_ROUNDS + 1);
  // One query for the whole slice, and only when an org digest is due.
  const workspaceIds = [...new Set(teams.map((t) => t.team.teamId))];
  const groups = orgWorks.length === 0 ? [] : await groupsOfWorkspaces(bulkRead(), workspaceIds);
  const evidence =
    needs.evidence.length === 0
      ? undefined
      : await loadEvidenceOfTeams(bulkRead(), needs.evidence, needs.evidenceSince);
  const input: PlanInput = { now, lookup, data, history, groups, evidence };
  const planned = planMessages(works, orgWorks, teams, input, logger);
  const due = await withoutAway(planned.reminders, { ...run, awayStatuses: deps.config.awayStatuses });
  const reminders = groupReminders(due.due);
  const late = works.flatMap(({ team, stale }) =>
    stale.map((s) => ({ ...s, teamId: team.teamId, mlTeamId: team.id, stale: true })),
  );
  const skips = [...late, ...closing.stale, ...planned.skips, ...due.skips, ...reminders.skips];
  const skipped = await recordSkips(deps, skips, at(), logger);
  const delivered = await deliver([...planned.units, ...reminders.units], run);
  return { teams: chunk.teams.length, roundsClosed: closing.snapshots.length, run: delivered, skipped };
}

/**
 * What the slice's planning reads, and no more: respondents of teams with a prompt, reminders or a round to
 * close; answers of those rounds; the history of teams digested or nudged, or covered by a due org digest;
 * and their evidence, judged as far back as a team digest's round end or the oldest one an org digest judges.
 */
function needsOf(works: readonly TeamWork[], orgWorks: readonly OrgDigestWork[], chunk: Schedule) {
  const covered = chunk.teams.filter((t) =>
    orgWorks.some((w) => coversWorkspace(w.workspace, t.team.teamId)),
  );
  const digested = works.filter((w) => w.teamDigest !== null);
  const instants = [
    ...digested.map((w) => w.rounds.previous.end.getTime()),
    ...orgWorks.map((w) => judgedSince(w.dueAt).getTime()),
  ];
  return {
    respondents: works.filter((w) => w.prompt !== null || w.remind || w.close).map((w) => w.team.id),
    answers: works.flatMap(({ team, rounds, prompt, remind, close, teamDigest }) => [
      ...(remind || prompt !== null ? [{ mlTeamId: team.id, period: rounds.current.period }] : []),
      ...(close || teamDigest !== null ? [{ mlTeamId: team.id, period: rounds.previous.period }] : []),
    ]),
    history: [...works.filter((w) => w.teamDigest !== null || w.nudges), ...covered].map((w) => w.team.id),
    evidence: [...digested, ...covered].map(({ team }) => ({ id: team.id, teamId: team.teamId })),
    evidenceSince: new Date(Math.min(...instants)),
  };
}

/**
 * Every message of a slice, the reminders still apart (they are grouped per person once those away are left
 * out). One team's, or one org digest's, that cannot be built is logged; the others go ahead.
 */
function planMessages(
  works: readonly TeamWork[],
  orgWorks: readonly OrgDigestWork[],
  teams: readonly { team: ScheduledTeam }[],
  input: PlanInput,
  logger: Logger,
): Planned & { reminders: DueReminder[] } {
  const plans: Planned[] = [];
  const reminders: DueReminder[] = [];
  for (const work of works) {
    try {
      const due = reminderUnits(work, input);
      plans.push(teamDigestPlan(work, input), nudgePlan(work, input), promptPlan(work, input));
      reminders.push(...due);
    } catch (err) {
      logger.error(
        { err, mlTeamId: work.team.id },
        "could not plan this team's messages; other teams go ahead",
      );
    }
  }
  for (const work of orgWorks) {
    try {
      const covered = teams.map((t) => t.team).filter((t) => coversWorkspace(work.workspace, t.teamId));
      plans.push({ units: [orgDigestUnit(work, covered, input)], skips: [] });
    } catch (err) {
      logger.error({ err, teamId: work.workspace.teamId }, "could not build the org digest");
    }
  }
  return { units: plans.flatMap((p) => p.units), skips: plans.flatMap((p) => p.skips), reminders };
}

/** Records the decisions not to post; returns those this tick wrote (another process may have first). */
async function recordSkips(deps: TickDeps, skips: readonly Skip[], at: Date, logger: Logger) {
  const written = new Set(await recordSkipped(deps.db, skips, at));
  const mine = skips.filter((s) => written.has(s.key));
  for (const { key, period, reason, stale } of mine)
    logger.debug(
      { key, period, reason },
      stale ? "skipped: its period is over, so it is not posted late" : "not posted",
    );
  // After downtime, or a playground clock jump, there can be hundreds: one line says how many of each, as
  // "skipped 12 messages whose period is over (not posted late): 3 prompt, 9 reminder".
  const byKind = groupBy(
    mine.filter((s) => s.stale),
    (s) => s.kind,
  );
  const stale = [...byKind].map(([kind, s]) => [kind, s.length] as const);
  if (stale.length > 0) {
    const total = stale.reduce((sum, [, n]) => sum + n, 0);
    const what = total === 1 ? "1 message whose period is" : `${total} messages whose period is`;
    const counts = stale.map(([kind, n]) => `${n} ${kind.replaceAll("_", " ")}`).join(", ");
    logger.info({ stale: Object.fromEntries(stale) }, `skipped ${what} over (not posted late): ${counts}`);
  }
  return mine;
}

export type { TickReport } from "./report.js";
