// The printed table and bench/results/latest.json: every figure, the targets, and whether each passed.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ExportRun } from "./export-bench.js";
import { type FloorComparison, floorLines } from "./floors.js";
import { type LargeTick, largeTickLines } from "./large-tick.js";
import type { Machine } from "./machine.js";
import { type PlatformRow, platformLines } from "./platform.js";
import type { SeedFigures } from "./seed.js";
import { type StartupRun, startupLines } from "./startup.js";
import type { AppFigures, LoadRun, StatusComparison } from "./status-bench.js";
import type { TickBench } from "./tick-bench.js";
import { type StatusDuringTick, statusDuringTickLines } from "./tick-status.js";
import { type WebhookRun, webhookLines } from "./webhooks.js";

export interface Target {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

export interface BenchReport {
  date: string;
  machine: Machine;
  postgres: { version: string; origin: string };
  seed: SeedFigures;
  status: StatusComparison & { ratios: Ratio[] };
  /** The three hot paths beside bare Bolt and beside floors doing the same necessary work. */
  floors: FloorComparison[];
  /** The same status load alone and while the Monday tick runs. */
  statusDuringTick: StatusDuringTick;
  tick: TickBench;
  export: ExportRun[];
  startup: StartupRun[];
  /** The 20,000-team organisation's tick, with BENCH_LARGE=1. */
  largeTick?: LargeTick;
  /** GitHub webhook deliveries to the built bot, on Postgres and on the embedded default. */
  webhooks: WebhookRun[];
  /** The read API paged to the end and `/mlops status group` for 500 teams (platform.ts). */
  platform: PlatformRow[];
  targets: Target[];
}

export interface Ratio {
  connections: number;
  /** ours / bare req/s: at least 0.9 at 50 connections for status and Home, 0.6 for check-ins. */
  throughput: number;
  /** ours / bare p99: at most 1.2 at 50 connections for status and Home, 2 for check-ins. */
  p99: number;
}

export function statusRatios({ bare, ours }: StatusComparison): Ratio[] {
  return ours.runs.map((run, i) => {
    const floor = bare.runs[i] as LoadRun;
    return {
      connections: run.connections,
      throughput: run.reqPerSec / floor.reqPerSec,
      p99: run.p99Ms / floor.p99Ms,
    };
  });
}

export function writeReport(path: string, report: BenchReport | object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

export function printReport(report: BenchReport): void {
  const { machine, seed, status, tick } = report;
  const lines = [
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, PostgreSQL ${machine.postgres} (${report.postgres.origin})`,
    "",
    `Seed: ${seed.scale.workspaces} workspaces × ${seed.scale.teamsPerWorkspace} teams × ${seed.scale.respondentsPerTeam} respondents × ${seed.scale.rounds} weekly rounds in ${fixed(seed.seconds, 1)} s`,
    `  ${Object.entries(seed.rows)
      .map(([table, n]) => `${table} ${n.toLocaleString("en")}`)
      .join(" · ")}`,
    `  ${seed.steps.map((s) => `${s.name} ${fixed(s.ms / 1000, 1)} s`).join(" · ")}`,
    "",
    `/mlops status for random teams (${status.teamsTargeted} teams), ${status.ours.runs[0]?.durationSeconds ?? 0} s per row:`,
    table(
      ["app", "conns", "req/s", "p50 ms", "p99 ms", "errors", "peak RSS MB", "CPU µs/req app+pg+load"],
      [...appRows("bare Bolt", status.bare), ...appRows("our status", status.ours)],
    ),
    ...status.ratios.map(
      (r) =>
        `  ours/bare at ${r.connections} connections: throughput ${fixed(r.throughput, 2)}×, p99 ${fixed(r.p99, 2)}×`,
    ),
    `  Web API calls during load: bare ${status.bare.slackCalls}, ours ${status.ours.slackCalls}`,
    "",
    `Monday tick at ${tick.at} (${tick.instantNote}):`,
    table(
      [
        "run",
        "teams",
        "wall s",
        "CPU s",
        "db s",
        "queries",
        "q/team",
        "messages",
        "outbox writes",
        "w/msg",
        "peak RSS MB",
        "peak heap MB",
      ],
      tick.runs.map((r) => [
        r.label,
        String(r.teams),
        fixed(r.wallMs / 1000, 2),
        fixed(r.cpuMs / 1000, 2),
        fixed(r.dbMs / 1000, 2),
        String(r.queries),
        fixed(r.queries / r.teams, 3),
        String(r.messages),
        String(r.outboxWrites),
        fixed(r.outboxWrites / Math.max(1, r.messages), 2),
        fixed(r.peakRssMb, 0),
        fixed(r.peakHeapMb, 0),
      ]),
    ),
    ...tick.notes.map((n) => `  ${n}`),
    "",
    ...(report.largeTick
      ? ["The Monday tick of 20,000 teams (BENCH_LARGE=1):", ...largeTickLines(report.largeTick), ""]
      : [
          "The Monday tick of 20,000 teams: not run (BENCH_LARGE=1 runs it, or npm run bench:large-tick).",
          "",
        ]),
    "The platform lead's view (the read API, /mlops status group), each beside its reference of the same run:",
    ...platformLines(report.platform),
    "",
    "History export of the whole organisation (npm run mlops -- export), to a sink that only counts:",
    table(
      ["export", "rows", "MB", "wall s", "rows/s", "peak RSS MB", "peak heap MB"],
      report.export.map((r) => [
        r.label,
        r.rows.toLocaleString("en"),
        fixed(r.bytes / 2 ** 20, 1),
        fixed(r.wallMs / 1000, 1),
        fixed(r.rows / (r.wallMs / 1000), 0),
        fixed(r.peakRssMb, 0),
        fixed(r.peakHeapMb, 0),
      ]),
    ),
    "",
    "Hot paths beside bare Bolt and their floors (App Home: every person's Home once, judged by its views.publish):",
    ...floorLines(report.floors),
    "",
    "/mlops status during the Monday tick (a copy of the organisation):",
    ...statusDuringTickLines(report.statusDuringTick),
    "",
    "Start-up and memory of node dist/main.js (first start on an empty DATA_DIR, then a restart):",
    ...startupLines(report.startup),
    "",
    "GitHub webhook deliveries to node dist/main.js (each delivery id stored once, redeliveries nothing new):",
    ...webhookLines(report.webhooks),
    "",
    "Targets:",
    table(
      ["target", "goal", "actual", ""],
      report.targets.map((t) => [t.name, t.target, t.actual, t.pass ? "PASS" : "FAIL"]),
    ),
    "",
  ];
  console.log(lines.join("\n"));
}

function appRows(label: string, app: AppFigures): string[][] {
  return app.runs.map((r) => [
    label,
    String(r.connections),
    fixed(r.reqPerSec, 0),
    fixed(r.p50Ms, 1),
    fixed(r.p99Ms, 1),
    r.errors === 0 ? "0" : `${r.errors} (${describeErrors(r)})`,
    fixed(r.rss.peakMb, 0),
    `${fixed(r.cpuUsPerRequest.app, 0)} + ${fixed(r.cpuUsPerRequest.postgres, 0)} + ${fixed(r.cpuUsPerRequest.loadGenerator, 0)}`,
  ]);
}

function describeErrors(run: LoadRun): string {
  const d = run.errorDetail;
  return `non2xx ${d.non2xx}, timeouts ${d.timeouts}, socket ${d.socket}, bad replies ${d.badReplies}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}
