// The targets, checked against the figures of one run.
import type { ExportRun } from "./export-bench.js";
import type { HotPathComparison } from "./hot-paths.js";
import type { LargeTick } from "./large-tick.js";
import type { Target } from "./report.js";
import type { StartupRun } from "./startup.js";
import type { StatusComparison } from "./status-bench.js";
import type { TickRun } from "./tick-bench.js";

export const LIMITS = {
  seedSeconds: 120,
  /** Status and App Home against bare Bolt at 50 connections (issue 14). */
  throughputRatio: 0.9,
  p99Ratio: 1.2,
  /** A check-in submission, a write each, against bare Bolt's empty ack. */
  submitThroughputRatio: 0.6,
  submitP99Ratio: 2,
  tickSeconds: 10,
  /** Extra queries per extra team: batched writes stay far below one, a per-team query is one or more. */
  queriesPerExtraTeam: 0.1,
  /** A claim and an outcome per message at most: group commit keeps it below that when messages go at once. */
  outboxWritesPerMessage: 2,
  rssMb: 250,
  /** The connection count the status ratios are judged at. */
  connections: 50,
  /** The embedded default in a 512 MB container: its first start, and its steady state. */
  embeddedFirstStartMb: 512,
  embeddedSteadyMb: 300,
  /** A restart on Postgres, from spawning node to ready. */
  postgresRestartSeconds: 2,
  /** The 20,000-team tick: its own CPU time, and its peak RSS with npm start's node flags. */
  largeTickCpuSeconds: 10,
  largeTickRssMb: 200,
} as const;

export interface TargetInput {
  seedSeconds: number;
  teams: number;
  status: StatusComparison;
  /** The tick for every team with pacing off, and the same tick on a smaller organisation. */
  tick: TickRun;
  smallTick: TickRun;
  /** The history exports of the whole organisation; none in tests that are about other targets. */
  exports?: readonly ExportRun[];
}

export function checkTargets({
  seedSeconds,
  teams,
  status,
  tick,
  smallTick,
  exports = [],
}: TargetInput): Target[] {
  // Status throughput and p99 are judged against the floor that does the same work (floors.ts), not bare Bolt.
  const errors = [...status.bare.runs, ...status.ours.runs].reduce((n, r) => n + r.errors, 0);
  const slope = (tick.queries - smallTick.queries) / Math.max(1, tick.teams - smallTick.teams);
  const statusRss = Math.max(...status.ours.runs.map((r) => r.rss.peakMb));
  return [
    target(
      `seed ${teams.toLocaleString("en")} teams`,
      `< ${LIMITS.seedSeconds} s`,
      `${seedSeconds.toFixed(1)} s`,
      seedSeconds < LIMITS.seedSeconds,
    ),
    target("status errors (both apps)", "0", String(errors), errors === 0),
    target(
      `tick, ${tick.teams} teams (pacing off)`,
      `< ${LIMITS.tickSeconds} s`,
      `${(tick.wallMs / 1000).toFixed(2)} s`,
      tick.wallMs < LIMITS.tickSeconds * 1000,
    ),
    target(
      `tick queries, ${smallTick.teams} → ${tick.teams} teams`,
      `< ${LIMITS.queriesPerExtraTeam} per extra team`,
      `${smallTick.queries} → ${tick.queries} (${slope.toFixed(3)}/team)`,
      slope < LIMITS.queriesPerExtraTeam,
    ),
    target(
      `tick outbox writes, ${tick.messages} messages`,
      `≤ ${LIMITS.outboxWritesPerMessage} per message`,
      `${tick.outboxWrites} (${(tick.outboxWrites / Math.max(1, tick.messages)).toFixed(2)}/message)`,
      tick.outboxWrites <= LIMITS.outboxWritesPerMessage * tick.messages,
    ),
    target(
      "bot RSS under status load",
      `< ${LIMITS.rssMb} MB`,
      `${statusRss.toFixed(0)} MB`,
      statusRss < LIMITS.rssMb,
    ),
    target(
      `tick process RSS, ${tick.teams} teams`,
      `< ${LIMITS.rssMb} MB`,
      `${tick.peakRssMb.toFixed(0)} MB`,
      tick.peakRssMb < LIMITS.rssMb,
    ),
    ...exports.map((run) =>
      target(
        `export ${run.label}, ${run.rows.toLocaleString("en")} rows`,
        `< ${LIMITS.rssMb} MB RSS`,
        `${run.peakRssMb.toFixed(0)} MB in ${(run.wallMs / 1000).toFixed(1)} s`,
        run.peakRssMb < LIMITS.rssMb,
      ),
    ),
  ];
}

/** The start-up targets: memory of the embedded default, and how fast a restart on Postgres is ready. */
export function startupTargets(runs: readonly StartupRun[]): Target[] {
  const run = (database: StartupRun["database"], start: StartupRun["start"]) =>
    runs.find((r) => r.database === database && r.start === start);
  const first = run("embedded", "first");
  const restart = run("embedded", "restart");
  const postgres = run("postgres", "restart");
  const firstPeak = first?.peakMb ?? Number.NaN;
  const steady = restart?.rssAfterLoadMb ?? Number.NaN;
  const ready = (postgres?.readyMs ?? Number.NaN) / 1000;
  return [
    target(
      "embedded first start, peak RSS",
      `< ${LIMITS.embeddedFirstStartMb} MB`,
      `${firstPeak.toFixed(0)} MB`,
      firstPeak < LIMITS.embeddedFirstStartMb,
    ),
    target(
      "embedded steady state, RSS",
      `< ${LIMITS.embeddedSteadyMb} MB`,
      `${steady.toFixed(0)} MB`,
      steady < LIMITS.embeddedSteadyMb,
    ),
    target(
      "restart on Postgres, ready",
      `< ${LIMITS.postgresRestartSeconds} s`,
      `${ready.toFixed(1)} s`,
      ready < LIMITS.postgresRestartSeconds,
    ),
  ];
}

/**
 * App Home and check-in submissions against bare Bolt at 50 connections. A Home is judged by its views.publish
 * (what a person waits for: Bolt acks the event before any work), a submission by its ack.
 */
export function hotPathTargets(comparisons: readonly HotPathComparison[]): Target[] {
  return comparisons.flatMap(({ path, bare, ours }) => {
    const at = (runs: StatusComparison["bare"]["runs"]) =>
      runs.find((r) => r.connections === LIMITS.connections);
    const floor = at(bare.runs);
    const run = at(ours.runs);
    const home = path === "home";
    const rate = (r: typeof run) => (home ? r?.publish?.perSec : r?.reqPerSec) ?? Number.NaN;
    const p99Of = (r: typeof run) => (home ? r?.publish?.p99Ms : r?.p99Ms) ?? Number.NaN;
    const throughput = rate(run) / rate(floor);
    const p99 = p99Of(run) / p99Of(floor);
    const limits =
      path === "checkin"
        ? { throughput: LIMITS.submitThroughputRatio, p99: LIMITS.submitP99Ratio }
        : { throughput: LIMITS.throughputRatio, p99: LIMITS.p99Ratio };
    const what = { status: "status", home: "App Home published", checkin: "check-in submissions" }[path];
    const errors = [...bare.runs, ...ours.runs].reduce((n, r) => n + r.errors + (r.publish?.missing ?? 0), 0);
    return [
      target(
        `${what}, throughput, ${LIMITS.connections} conns`,
        `≥ ${limits.throughput}× bare`,
        `${throughput.toFixed(2)}×`,
        throughput >= limits.throughput,
      ),
      target(
        `${what}, p99, ${LIMITS.connections} conns`,
        `≤ ${limits.p99}× bare`,
        `${p99.toFixed(2)}×`,
        p99 <= limits.p99,
      ),
      target(`${what}, errors (both apps)`, "0", String(errors), errors === 0),
    ];
  });
}

/** The 20,000-team tick: compute, memory, and the same statements as the smaller organisation's tick. */
export function largeTickTargets({ run }: LargeTick, smaller: TickRun | undefined): Target[] {
  const teams = run.teams.toLocaleString("en");
  return [
    target(
      `tick compute, ${teams} teams`,
      `< ${LIMITS.largeTickCpuSeconds} s CPU`,
      `${(run.cpuMs / 1000).toFixed(2)} s (wall ${(run.wallMs / 1000).toFixed(2)} s)`,
      run.cpuMs < LIMITS.largeTickCpuSeconds * 1000,
    ),
    target(
      `tick peak RSS, ${teams} teams, npm start's flags`,
      `< ${LIMITS.largeTickRssMb} MB`,
      `${run.peakRssMb.toFixed(0)} MB`,
      run.peakRssMb < LIMITS.largeTickRssMb,
    ),
    ...(smaller
      ? [
          target(
            `tick queries, ${smaller.teams.toLocaleString("en")} → ${teams} teams`,
            `< ${LIMITS.queriesPerExtraTeam} per extra team`,
            `${smaller.queries} → ${run.queries}`,
            (run.queries - smaller.queries) / Math.max(1, run.teams - smaller.teams) <
              LIMITS.queriesPerExtraTeam,
          ),
        ]
      : []),
    target(`tick failures, ${teams} teams`, "0", String(run.failed), run.failed === 0),
  ];
}

function target(name: string, goal: string, actual: string, pass: boolean): Target {
  return { name, target: goal, actual, pass };
}
