// The bot beside floors that do the same necessary work (floor-app.ts) and beside bare Bolt, the framework's
// floor: each app in its own process, same fake Slack, same load generator. The floor and the bot take turns,
// `rounds` times, so that a busy moment of the shared machine falls on both; ratios are per round.
import { join } from "node:path";
import { BARE_REPLY, BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET } from "./apps.js";
import { startAppProcess } from "./child.js";
import type { FloorOptions } from "./floor-app.js";
import { checkinRequests, emptyReplyLoad, type HotPath, homeLoad, homeRequests } from "./hot-paths.js";
import {
  type AppFigures,
  type AppLoad,
  botServerOptions,
  isStatusReply,
  type LoadRun,
  measureApp,
  type StatusBenchOptions,
  statusLoad,
} from "./status-bench.js";

/** The hot paths, and status of teams whose linked repository sent 20 signals (issue 20). */
export type FloorPath = HotPath | "status-evidence";

export interface FloorComparison {
  path: FloorPath;
  /** Bare Bolt (a constant ack or view), once. */
  bare: AppFigures;
  /** The floor and the bot, round by round. */
  floor: AppFigures[];
  ours: AppFigures[];
}

export interface FloorBenchOptions extends StatusBenchOptions {
  rounds: number;
  /** The current round's period, which the floor's check-ins write to. */
  period: string;
  /** The bot's status reply and Home view sizes, which the floor's match. */
  replyBytes: number;
  homeBytes: number;
  /** For status-evidence: the start of the bot's 28-day evidence window, which the floor reads signals from. */
  evidenceSince?: Date;
}

/** Every person of the targets opens their Home once: the App Home load of the issue. */
const HOME_CONNECTIONS = [50];

export async function runFloorComparison(
  path: FloorPath,
  options: FloorBenchOptions,
): Promise<FloorComparison> {
  const { slack } = options;
  for (const target of options.targets) slack.users.set(target.actor.userId, { id: target.actor.userId });
  const { load, warmUp, connections } = loadFor(path, options);
  const run = { ...options, connections };
  const bareOptions = {
    signingSecret: BENCH_SIGNING_SECRET,
    token: BENCH_BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
  };
  const floorOptions: FloorOptions = {
    ...bareOptions,
    databaseUrl: options.databaseUrl,
    period: options.period,
    replyBytes: options.replyBytes,
    homeBytes: options.homeBytes,
    evidenceSince: path === "status-evidence" ? options.evidenceSince?.toISOString() : undefined,
  };
  const log = (name: string) => join(options.logDir, `${name}-${path}.log`);
  const bare = await measureApp(
    run,
    `${path}: bare Bolt`,
    () => startAppProcess("bare-bolt", bareOptions, log("bare-bolt")),
    load(true),
    warmUp(true),
  );
  const floor: AppFigures[] = [];
  const ours: AppFigures[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    floor.push(
      await measureApp(
        run,
        `${path}: floor, round ${round}`,
        () => startAppProcess("floor-app", floorOptions, log("floor")),
        load(false),
        warmUp(false),
      ),
    );
    ours.push(
      await measureApp(
        run,
        `${path}: the bot, round ${round}`,
        () => startAppProcess("bot-server", botServerOptions(options), log("bot")),
        load(false),
        warmUp(false),
      ),
    );
  }
  return { path, bare, floor, ours };
}

/** The load of a path, its warm-up, and the connection counts it is judged at. */
function loadFor(path: FloorPath, options: FloorBenchOptions) {
  if (path === "status" || path === "status-evidence") {
    const load = (bare: boolean) =>
      statusLoad(options, bare ? (body) => body.includes(BARE_REPLY) : isStatusReply);
    return { load, warmUp: load, connections: [20, 50] };
  }
  if (path === "home") {
    const everyone = homeRequests(options.targets);
    const load = (): AppLoad => homeLoad(options.slack, everyone, true);
    const warmUp = (): AppLoad => homeLoad(options.slack, everyone.slice(0, 200), true);
    return { load, warmUp, connections: HOME_CONNECTIONS };
  }
  const load = (): AppLoad => emptyReplyLoad(checkinRequests(options.targets, options.clockAt));
  return { load, warmUp: load, connections: [20, 50] };
}

/** The rate a path is judged by: publishes for the Home (what a person waits for), requests otherwise. */
export function rateOf(path: FloorPath, run: LoadRun | undefined): number {
  return (path === "home" ? run?.publish?.perSec : run?.reqPerSec) ?? Number.NaN;
}

export function p99Of(path: FloorPath, run: LoadRun | undefined): number {
  return (path === "home" ? run?.publish?.p99Ms : run?.p99Ms) ?? Number.NaN;
}

export function errorsOf(run: LoadRun | undefined): number {
  return run ? run.errors + (run.publish?.missing ?? 0) : Number.NaN;
}

/** The median of the rounds' ratios at `connections`: ours over the floor of the same round. */
export function medianRatio(
  comparison: FloorComparison,
  connections: number,
  figure: (path: FloorPath, run: LoadRun | undefined) => number,
): number {
  const at = (app: AppFigures | undefined) => app?.runs.find((r) => r.connections === connections);
  const ratios = comparison.ours
    .map((ours, i) => figure(comparison.path, at(ours)) / figure(comparison.path, at(comparison.floor[i])))
    .sort((a, b) => a - b);
  const mid = ratios.length / 2;
  return ratios.length % 2 === 1
    ? (ratios[Math.floor(mid)] ?? Number.NaN)
    : ((ratios[mid - 1] ?? Number.NaN) + (ratios[mid] ?? Number.NaN)) / 2;
}

/** Each target of issue 19 against the floors, judged on the median of the rounds' ratios. */
export const FLOOR_LIMITS = {
  status: { throughput: 0.9, p99: 1.3, connections: [20, 50] },
  /** Issue 20: status of a team with 20 evidence signals meets issue 19's status target. */
  "status-evidence": { throughput: 0.9, p99: 1.3, connections: [20, 50] },
  checkin: { throughput: 0.8, p99: 1.5, connections: [20, 50] },
  home: { throughput: 0.8, p99: Number.POSITIVE_INFINITY, connections: HOME_CONNECTIONS },
  /** Every person's Home published within this, from the first open. */
  homeSpanMs: 30_000,
} as const;

export interface FloorTarget {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

export function floorTargets(comparisons: readonly FloorComparison[]): FloorTarget[] {
  return comparisons.flatMap((c) => {
    const limits = FLOOR_LIMITS[c.path];
    const perConnections = limits.connections.flatMap((connections) => {
      const throughput = medianRatio(c, connections, rateOf);
      const p99 = medianRatio(c, connections, p99Of);
      const judged = [
        {
          name: `${c.path} throughput, ${connections} conns`,
          target: `≥ ${limits.throughput}× floor`,
          actual: `${throughput.toFixed(2)}×`,
          pass: throughput >= limits.throughput,
        },
      ];
      if (Number.isFinite(limits.p99))
        judged.push({
          name: `${c.path} p99, ${connections} conns`,
          target: `≤ ${limits.p99}× floor`,
          actual: `${p99.toFixed(2)}×`,
          pass: p99 <= limits.p99,
        });
      return judged;
    });
    const errors = c.ours.flatMap((a) => a.runs).reduce((n, r) => n + errorsOf(r), 0);
    const spans =
      c.path === "home" ? c.ours.flatMap((a) => a.runs.map((r) => r.publish?.spanMs ?? Number.NaN)) : [];
    const span = Math.max(...spans);
    return [
      ...perConnections,
      {
        name: `${c.path} errors (the bot, every run)`,
        target: "0",
        actual: String(errors),
        pass: errors === 0,
      },
      ...(c.path === "home"
        ? [
            {
              name: "every Home published (the bot, slowest round)",
              target: `≤ ${FLOOR_LIMITS.homeSpanMs / 1000} s`,
              actual: `${(span / 1000).toFixed(1)} s`,
              pass: span <= FLOOR_LIMITS.homeSpanMs,
            },
          ]
        : []),
    ];
  });
}

/** The printed table: every app at every connection count, with its ratio to the floor of its round. */
export function floorLines(comparisons: readonly FloorComparison[]): string[] {
  const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
  const rows = comparisons.flatMap((c) => {
    const floorAt = (round: number, connections: number) =>
      c.floor[round]?.runs.find((r) => r.connections === connections);
    const line = (who: string, run: LoadRun, floor: LoadRun | undefined) =>
      [
        `${c.path} ${who}`.padEnd(24),
        String(run.connections).padStart(5),
        fixed(rateOf(c.path, run), 0).padStart(7),
        fixed(c.path === "home" ? (run.publish?.p50Ms ?? Number.NaN) : run.p50Ms, 1).padStart(7),
        fixed(p99Of(c.path, run), 1).padStart(7),
        String(errorsOf(run)).padStart(6),
        fixed(rateOf(c.path, run) / rateOf(c.path, floor), 2).padStart(6),
        fixed(p99Of(c.path, run) / p99Of(c.path, floor), 2).padStart(6),
        fixed(c.path === "home" ? (run.publish?.viewBytes ?? Number.NaN) : run.replyBytes, 0).padStart(6),
      ].join("  ");
    return [
      ...c.bare.runs.map((r) => line("bare Bolt", r, floorAt(0, r.connections))),
      ...c.floor.flatMap((f, i) => f.runs.map((r) => line(`floor, round ${i + 1}`, r, r))),
      ...c.ours.flatMap((o, i) =>
        o.runs.map((r) => line(`bot, round ${i + 1}`, r, floorAt(i, r.connections))),
      ),
    ];
  });
  return [
    "  app                       conns    rate   p50 ms  p99 ms  errors  ×rate  ×p99   bytes",
    ...rows.map((r) => `  ${r}`),
    "  (rate: requests a second, for the Home views.publish a second; ×: against the floor of the same round)",
  ];
}
