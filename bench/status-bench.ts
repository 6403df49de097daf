// (a) bare Bolt and (b) the real bot answering /mlops status, one after the other, each in its own
// process, against the same fake Slack and with the same load generator and request mix.
import { join } from "node:path";
import { sql } from "kysely";
import type { FakeSlack } from "../src/fake-slack/server.js";
import {
  BARE_REPLY,
  type BareBoltOptions,
  BENCH_BOT_TOKEN,
  BENCH_ORG_ACTOR,
  BENCH_SIGNING_SECRET,
  type BotServerOptions,
} from "./apps.js";
import { type AppProcess, startAppProcess } from "./child.js";
import type { HotPathTarget } from "./hot-paths.js";
import { fireSlashCommands, type LoadFigures } from "./load.js";
import { benchDatabase } from "./postgres.js";
import { cpuMs, type RssSummary, residentBytes, sampleRss } from "./proc.js";

export interface StatusBenchOptions {
  slack: FakeSlack;
  databaseUrl: string;
  targets: readonly HotPathTarget[];
  connections: readonly number[];
  durationSeconds: number;
  warmupSeconds: number;
  clockAt: Date;
  logDir: string;
}

export interface LoadRun extends LoadFigures {
  rss: RssSummary;
  /** CPU time per request, in µs: where the machine's two cores went. */
  cpuUsPerRequest: { app: number; postgres: number; loadGenerator: number };
}

export interface AppFigures {
  startMs: number;
  idleRssMb: number;
  runs: LoadRun[];
  /** Web API calls the app made while under load (a status reply needs none). */
  slackCalls: number;
}

export interface StatusComparison {
  bare: AppFigures;
  ours: AppFigures;
  teamsTargeted: number;
}

export async function runStatusComparison(options: StatusBenchOptions): Promise<StatusComparison> {
  const { slack } = options;
  const bareOptions: BareBoltOptions = {
    signingSecret: BENCH_SIGNING_SECRET,
    token: BENCH_BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
  };
  const bare = await measureApp(
    options,
    "bare Bolt",
    () => startAppProcess("bare-bolt", bareOptions, join(options.logDir, "bare-bolt.log")),
    statusLoad(options, (body) => body.includes(BARE_REPLY)),
  );
  const ours = await measureApp(
    options,
    "/mlops status",
    () => startAppProcess("bot-server", botServerOptions(options), join(options.logDir, "bot.log")),
    statusLoad(options, isStatusReply),
  );
  return { bare, ours, teamsTargeted: options.targets.length };
}

/** The bot as bench/bot-server.ts starts it, on the benchmark's database, fake Slack and fixed clock. */
export function botServerOptions(options: Pick<StatusBenchOptions, "slack" | "databaseUrl" | "clockAt">) {
  const botOptions: BotServerOptions = {
    env: {
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
      SLACK_API_URL: options.slack.apiUrl,
      DATABASE_URL: options.databaseUrl,
      PORT: "0",
      LOG_LEVEL: "warn",
      // The load is thousands of commands a second from a few workspaces, far past the per-workspace limit
      // (issue 22), which would refuse most of them: the hot paths are measured here, the limit by bench:abuse.
      RATE_LIMITS: "off",
    },
    clockAt: options.clockAt.toISOString(),
  };
  return botOptions;
}

/** Load of one kind on an app listening on `url`: `connections` for `durationSeconds`. */
export type AppLoad = (url: string, connections: number, durationSeconds: number) => Promise<LoadFigures>;

export function statusLoad(
  options: Pick<StatusBenchOptions, "targets" | "slack">,
  isExpectedReply: (body: string) => boolean,
): AppLoad {
  return (url, connections, durationSeconds) =>
    fireSlashCommands({
      url,
      connections,
      durationSeconds,
      text: "status",
      targets: options.targets,
      signingSecret: BENCH_SIGNING_SECRET,
      responseUrl: options.slack.responseUrl(),
      isExpectedReply,
    });
}

/** Starts an app in its own process, warms it up, runs `load` at each connection count, and stops it. */
export async function measureApp(
  options: Pick<
    StatusBenchOptions,
    "slack" | "databaseUrl" | "connections" | "durationSeconds" | "warmupSeconds"
  >,
  label: string,
  start: () => Promise<AppProcess>,
  loadOf: AppLoad,
  warmUpWith: AppLoad = loadOf,
): Promise<AppFigures> {
  const started = performance.now();
  const app = await start();
  const startMs = performance.now() - started;
  try {
    const idleRssMb = (residentBytes(app.pid) ?? Number.NaN) / 2 ** 20;
    const url = `http://127.0.0.1:${app.port}`;
    console.log(`  ${label}: warming up for ${options.warmupSeconds} s…`);
    await warmUpWith(url, 10, options.warmupSeconds);
    // The app's own connections, opened while warming up (none for bare Bolt).
    const backends = await postgresBackends(options.databaseUrl);
    const callsBefore = options.slack.calls.length;
    const runs: LoadRun[] = [];
    for (const connections of options.connections) {
      console.log(`  ${label}: ${connections} connections for ${options.durationSeconds} s…`);
      const sampler = sampleRss(app.pid);
      const before = { app: cpuMs([app.pid]), postgres: cpuMs(backends), self: process.cpuUsage() };
      const figures = await loadOf(url, connections, options.durationSeconds);
      const perRequest = (ms: number) => (ms * 1000) / Math.max(1, figures.requests);
      const cpuUsPerRequest = {
        app: perRequest(cpuMs([app.pid]) - before.app),
        postgres: perRequest(cpuMs(backends) - before.postgres),
        loadGenerator: perRequest(totalMs(process.cpuUsage(before.self))),
      };
      runs.push({ ...figures, rss: sampler.stop(), cpuUsPerRequest });
    }
    // Requests autocannon gave up on at the end may still be running: let them finish before stopping.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { startMs, idleRssMb, runs, slackCalls: options.slack.calls.length - callsBefore };
  } finally {
    await app.stop();
  }
}

function totalMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

async function postgresBackends(databaseUrl: string): Promise<number[]> {
  const db = benchDatabase(databaseUrl, { max: 1 });
  try {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(
      db,
    );
    return rows.map((r) => r.pid);
  } finally {
    await db.destroy();
  }
}

/** A status message: Block Kit with the level block (`level:<N>`, the public hook). */
export function isStatusReply(body: string): boolean {
  try {
    const reply = JSON.parse(body) as { blocks?: { block_id?: string }[] };
    return reply.blocks?.some((b) => /^level:[0-4]$/.test(b.block_id ?? "")) ?? false;
  } catch {
    return false;
  }
}

/** One status request target per seeded team: its channel, its workspace, and one of its respondents. */
export async function statusTargets(databaseUrl: string): Promise<HotPathTarget[]> {
  const db = benchDatabase(databaseUrl, { max: 1 });
  try {
    const { rows } = await sql<{
      id: number;
      team_id: string;
      channel_id: string;
      name: string;
      user_id: string;
    }>`
      select t.id, t.team_id, t.channel_id, t.name, r.user_id
      from ml_teams t
        cross join lateral (select user_id from team_respondents where ml_team_id = t.id order by user_id limit 1) r
      order by t.id`.execute(db);
    return rows.map((r) => ({
      actor: { teamId: r.team_id, userId: r.user_id, ...BENCH_ORG_ACTOR },
      channelId: r.channel_id,
      channelName: r.name.toLowerCase().replace(/\W+/g, "-"),
      mlTeamId: r.id,
      teamName: r.name,
    }));
  } finally {
    await db.destroy();
  }
}
