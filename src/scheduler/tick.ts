// tick(deps, now): everything due at `now` — prompts, reminders, closing rounds, digests and nudges —
// safe to run twice and on any number of replicas, because every message is claimed in the outbox first.

import type { Kysely } from "kysely";
import type { TickConfig } from "../config.js";
import { isDatabaseUnavailable, withinBudget } from "../db/connect.js";
import { recordSkipped } from "../db/deliveries.js";
import { groupsOfWorkspaces } from "../db/groups.js";
import type { TeamPeriod } from "../db/schedule.js";
import type { Database } from "../db/schema.js";
import { insertSnapshots } from "../db/snapshots.js";
import type { Deps } from "../deps.js";
import { TREND_ROUNDS } from "../domain/digest.js";
import { planTeam, type TeamWork } from "../domain/due-work.js";
import { coversWorkspace, judgedSince, type OrgDigestWork, planOrgDigest } from "../domain/org-digest.js";
import type { Logger } from "../logger.js";
import { pollDueMlflowSources } from "../services/mlflow-poll.js";
import { loadEvidenceOfTeams } from "../services/team-evidence.js";
import { purgeExpiredWorkspaces } from "../services/uninstall.js";
import { awayStatuses } from "./away.js";
import { tickChunks } from "./chunks.js";
import { closeRounds } from "./close.js";
import { deliver, type Unit } from "./deliver.js";
import { nudgePlan, orgDigestUnit, teamDigestPlan } from "./digest-units.js";
import { ChannelPacer } from "./pacer.js";
import { groupReminders } from "./reminders.js";
import { addSlice, emptyReport, logReport, type TickReport } from "./report.js";
import { loadHistory, loadRoundData } from "./round-data.js";
import { loadOutbox, loadSchedule, type Schedule, type TickState } from "./state.js";
import { type DueReminder, type PlanInput, promptPlan, reminderUnits, type Skip } from "./units.js";

/** What a tick needs: the bot's Deps, or the CLI's, built from the narrower TickConfig. */
export type TickDeps = Deps<TickConfig>;

export interface TickOptions {
  /** Kept across ticks by the scheduler so one channel gets at most about a message a second. */
  pacer?: ChannelPacer;
  /** Aborting stops posting new messages; claims not posted yet are given back. */
  signal?: AbortSignal;
  /** Channels posted to at the same time. */
  concurrency?: number;
  /** Teams read, planned and posted for at a time (chunks.ts); TEAMS_PER_CHUNK unless a test says otherwise. */
  teamsPerChunk?: number;
  /** Each workspace's MLflow poll's budget (services/mlflow-poll.ts); tests lower it. */
  mlflowBudgetMs?: number;
}

const DEFAULT_CONCURRENCY = 25;

/** Runs what is due at `now`. Its report says whether it stopped early (a signal, or the outbox went away). */
export async function tick(deps: TickDeps, now: Date, options: TickOptions = {}): Promise<TickReport> {
  const started = performance.now();
  const at = () => new Date(now.getTime() + (performance.now() - started));
  const logger = deps.logger.child({ component: "scheduler", tickAt: now.toISOString() });
  // Workspaces uninstalled longer ago than the retention lose their data first (a reinstall before keeps it).
  const purged = await purgeExpiredWorkspaces(deps, now, deps.config.uninstallRetentionDays);
  const schedule = await loadSchedule(bulkRead(deps.db), now, logger);
  for (const p of purged)
    logger.info({ teamId: p.teamId, rows: p.rows }, "purged an uninstalled workspace's data");
  const chunkOptions = { ...options, pacer: options.pacer ?? new ChannelPacer() };
  let report = emptyReport(now);
  let slices = 0;
  for (const chunk of tickChunks(schedule, options.teamsPerChunk)) {
    if (options.signal?.aborted) {
      report = { ...report, stoppedBy: report.stoppedBy ?? "signal" };
      break;
    }
    try {
      report = addSlice(report, await tickChunk(deps, chunk, { now, at, logger, options: chunkOptions }));
    } catch (err) {
      // The first slice failing is the tick failing, as it always was; a later one keeps what the slices
      // before it did in the report (posted, uncertain), and the next tick carries on where it stopped.
      if (slices === 0 || !isDatabaseUnavailable(err)) throw err;
      logger.warn({ err }, "the database went away between slices: the rest waits for the next tick");
      report = { ...report, stoppedBy: "database" };
    }
    slices++;
    if (report.stoppedBy !== null) break;
  }
  // Evidence from MLflow after the Slack work, inside its own budget: a slow or down MLflow delays no message.
  if (!options.signal?.aborted)
    await pollDueMlflowSources(deps, now, options.mlflowBudgetMs).catch((err: unknown) =>
      logger.error({ err }, "the MLflow poll failed; the next tick tries again"),
    );
  report = {
    ...report,
    durationMs: Math.round(performance.now() - started),
    purged: purged.map((p) => p.teamId),
  };
  logReport(logger, report);
  return report;
}

interface ChunkContext {
  now: Date;
  at: () => Date;
  logger: Logger;
  options: TickOptions & { pacer: ChannelPacer };
}

/** One slice of the organisation (chunks.ts): read, plan, post and record its messages. */
async function tickChunk(deps: TickDeps, chunk: Schedule, ctx: ChunkContext) {
  const { now, at, logger, options } = ctx;
  const { closed, planned, skipped } = await prepare(deps, chunk, now, at, logger);
  const run = await deliver(planned.units, {
    db: deps.db,
    logger,
    slack: deps.slack,
    pacer: options.pacer,
    at,
    signal: options.signal,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    leaseSeconds: deps.config.deliveryLeaseSeconds,
  });
  return { teams: chunk.teams.length, roundsClosed: closed, run, skipped };
}

/**
 * The tick's bulk reads (every team's schedule; a slice's outbox, rounds and history) each return up to
 * tens of thousands of rows: on a busy machine more than the 2 s a single query gets elsewhere
 * (db/connect.ts). Each gets this budget instead, still inside the minute before the next tick. Writes,
 * the purge and Slack calls keep the pool's own timeouts.
 */
const BULK_READ_BUDGET_MS = 30_000;

/** The database for one bulk read, with its budget from now. */
function bulkRead(db: Kysely<Database>): Kysely<Database> {
  return withinBudget(db, BULK_READ_BUDGET_MS);
}

/** Everything before posting a slice: read, close rounds, plan every team's messages, record the skips. */
async function prepare(deps: TickDeps, chunk: Schedule, now: Date, at: () => Date, logger: Logger) {
  const state = await loadOutbox(bulkRead(deps.db), now, chunk, deps.config.deliveryLeaseSeconds);
  const works = state.teams.map(({ team, rounds }) =>
    planTeam(team, rounds, now, state.lookup, state.isClosed(team.id, rounds.previous.period)),
  );
  const orgWorks = state.workspaces.flatMap((w) => planOrgDigest(w, now, state.lookup) ?? []);

  const data = await loadRoundData(
    bulkRead(deps.db),
    teamsNeedingRespondents(works),
    roundsNeedingAnswers(works),
  );
  const closing = closeRounds(works, data, state.lookup);
  await insertSnapshots(deps.db, closing.snapshots, at());
  const history = await loadHistory(
    bulkRead(deps.db),
    teamsNeedingHistory(works, orgWorks, state),
    TREND_ROUNDS + 1,
  );

  const away = await awayStatuses(
    { works, data, lookup: state.lookup, now, slack: deps.slack, awayStatuses: deps.config.awayStatuses },
    logger,
  );
  // One query for the whole slice, and only when an org digest is due.
  const groups =
    orgWorks.length === 0
      ? []
      : await groupsOfWorkspaces(bulkRead(deps.db), [...new Set(state.teams.map((t) => t.team.teamId))]);
  const digested = teamsNeedingEvidence(works, orgWorks, state);
  const evidence =
    digested.teams.length === 0
      ? undefined
      : await loadEvidenceOfTeams(bulkRead(deps.db), digested.teams, digested.since);
  const input: PlanInput = { now, lookup: state.lookup, data, history, away, groups, evidence };
  const planned = planAll(works, orgWorks, state, input, logger);
  const stale: Skip[] = [
    ...works.flatMap((w) =>
      w.stale.map((s) => ({ ...s, teamId: w.team.teamId, mlTeamId: w.team.id, stale: true })),
    ),
    ...closing.stale.map((s) => ({ ...s, stale: true })),
  ];
  const skipped = await recordSkips(deps, [...stale, ...planned.skips], at(), logger);

  return { closed: closing.snapshots.length, planned, skipped };
}

function teamsNeedingRespondents(works: readonly TeamWork[]): number[] {
  return works.filter((w) => w.prompt !== null || w.remind || w.close).map((w) => w.team.id);
}

function roundsNeedingAnswers(works: readonly TeamWork[]): TeamPeriod[] {
  return works.flatMap(({ team, rounds, prompt, remind, close, teamDigest }) => [
    ...(remind || prompt !== null ? [{ mlTeamId: team.id, period: rounds.current.period }] : []),
    ...(close || teamDigest !== null ? [{ mlTeamId: team.id, period: rounds.previous.period }] : []),
  ]);
}

function teamsNeedingHistory(
  works: readonly TeamWork[],
  orgWorks: readonly OrgDigestWork[],
  state: TickState,
): number[] {
  const inDigest = (teamId: string) => orgWorks.some((w) => coversWorkspace(w.workspace, teamId));
  return [
    ...works.filter((w) => w.teamDigest !== null || w.nudges).map((w) => w.team.id),
    ...state.teams.filter((t) => inDigest(t.team.teamId)).map((t) => t.team.id),
  ];
}

/**
 * The teams whose digest is due in the slice, and the earliest instant their evidence is judged at: a team
 * digest's round end, or the oldest round end an org digest judges. Read at once, in a few queries.
 */
function teamsNeedingEvidence(
  works: readonly TeamWork[],
  orgWorks: readonly OrgDigestWork[],
  state: TickState,
): { teams: { id: number; teamId: string }[]; since: Date } {
  const digests = works.filter((w) => w.teamDigest !== null);
  const covered = state.teams.filter((t) =>
    orgWorks.some((w) => coversWorkspace(w.workspace, t.team.teamId)),
  );
  const instants = [
    ...digests.map((w) => w.rounds.previous.end.getTime()),
    ...orgWorks.map((w) => judgedSince(w.dueAt).getTime()),
  ];
  return {
    teams: [...digests, ...covered].map(({ team }) => ({ id: team.id, teamId: team.teamId })),
    since: new Date(Math.min(...instants)),
  };
}

/** One try/catch per team: a team whose messages cannot be built is logged and the others go ahead. */
function planAll(
  works: readonly TeamWork[],
  orgWorks: readonly OrgDigestWork[],
  state: TickState,
  input: PlanInput,
  logger: Logger,
): { units: Unit[]; skips: Skip[] } {
  const units: Unit[] = [];
  const skips: Skip[] = [];
  const reminders: DueReminder[] = [];
  for (const work of works) {
    try {
      const digest = teamDigestPlan(work, input);
      const nudges = nudgePlan(work, input);
      const due = reminderUnits(work, input);
      const prompt = promptPlan(work, input);
      units.push(...prompt.units, ...digest.units, ...nudges.units);
      skips.push(...prompt.skips, ...due.skips, ...digest.skips, ...nudges.skips);
      reminders.push(...due.due);
    } catch (err) {
      logger.error(
        { err, mlTeamId: work.team.id },
        "could not plan this team's messages; other teams go ahead",
      );
    }
  }
  const grouped = groupReminders(reminders);
  units.push(...grouped.units);
  skips.push(...grouped.skips);
  for (const work of orgWorks) {
    try {
      const teams = state.teams.map((t) => t.team).filter((t) => coversWorkspace(work.workspace, t.teamId));
      units.push(orgDigestUnit(work, teams, input));
    } catch (err) {
      logger.error({ err, teamId: work.workspace.teamId }, "could not build the org digest");
    }
  }
  return { units, skips };
}

async function recordSkips(
  deps: TickDeps,
  skips: readonly Skip[],
  at: Date,
  logger: Logger,
): Promise<Skip[]> {
  const written = new Set(await recordSkipped(deps.db, skips, at));
  const mine = skips.filter((s) => written.has(s.key));
  for (const skip of mine) {
    const fields = { key: skip.key, period: skip.period, reason: skip.reason };
    logger.debug(fields, skip.stale ? "skipped: its period is over, so it is not posted late" : "not posted");
  }
  // After downtime, or a playground clock jump, there can be hundreds: one line says how many of each.
  const stale = mine.filter((s) => s.stale);
  if (stale.length > 0) logger.info({ stale: countByKind(stale) }, staleSummary(stale));
  return mine;
}

function countByKind(skips: readonly Skip[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of skips) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** "skipped 12 messages whose period is over (not posted late): 3 prompt, 9 reminder" */
export function staleSummary(skips: readonly Skip[]): string {
  const counts = Object.entries(countByKind(skips)).map(([kind, n]) => `${n} ${kind.replaceAll("_", " ")}`);
  const what = skips.length === 1 ? "1 message whose period is" : `${skips.length} messages whose period is`;
  return `skipped ${what} over (not posted late): ${counts.join(", ")}`;
}

export type { TickReport } from "./report.js";
