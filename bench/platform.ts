// The platform lead's view under load (issue 21): the read API paged to the end over the whole organisation,
// `/mlops status group` for a group of 500 teams, and what lost-practice detection costs the Monday tick.
import { join } from "node:path";
import { sql } from "kysely";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { createApiToken } from "../src/services/api-tokens.js";
import { BENCH_SIGNING_SECRET } from "./apps.js";
import { startAppProcess } from "./child.js";
import { fireSlashCommands } from "./load.js";
import { benchDatabase } from "./postgres.js";
import type { Target } from "./report.js";
import { botServerOptions, isStatusReply, measureApp, statusTargets } from "./status-bench.js";
import type { TickRun } from "./tick-bench.js";

export const PLATFORM_LIMITS = {
  /** `GET /api/v1/teams`, 200 items a page, paged to the end: p99 per page. */
  pageP99Ms: 100,
  /** `/mlops status group` for a group of GROUP_SIZE teams at GROUP_CONNECTIONS connections. */
  groupP99Ms: 300,
  queriesPerExtraTeam: 0.1,
} as const;

/** The organisation as one Enterprise Grid org, so one token reads all its teams. */
const ENTERPRISE = "E000001";
const GROUP_SIZE = 500;
const GROUP_NAME = "Bench 500";
const GROUP_CONNECTIONS = 10;
const PAGE = 200;

export interface PlatformOptions {
  slack: FakeSlack;
  /** A copy of the seeded organisation this benchmark may change (an org id, a group, tokens). */
  databaseUrl: string;
  clockAt: Date;
  logDir: string;
  /** Times the whole organisation is paged through, each with a token of its own. */
  passes: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface PlatformRow {
  measure: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  reqPerSec: number;
  errors: number;
}

export interface PlatformFigures {
  rows: PlatformRow[];
  targets: Target[];
}

export async function measurePlatform(options: PlatformOptions): Promise<PlatformFigures> {
  const { tokens, groupSize } = await preparePlatform(options.databaseUrl, options.passes + 1);
  const pagingRows = await measurePaging(options, tokens);
  const groupRows = await measureGroupStatus(options, groupSize);
  const [paging, group] = [pagingRows[0], groupRows[0]];
  if (!paging || !group) throw new Error("a platform measure did not run");
  const rows = [...pagingRows, ...groupRows];
  return {
    rows,
    targets: [
      target(
        `GET /api/v1/teams, ${PAGE} a page, p99 per page`,
        `≤ ${PLATFORM_LIMITS.pageP99Ms} ms`,
        `${paging.p99Ms.toFixed(1)} ms (${paging.requests} pages, ${paging.errors} errors)`,
        paging.p99Ms <= PLATFORM_LIMITS.pageP99Ms && paging.errors === 0,
      ),
      target(
        `/mlops status group, ${groupSize} teams, p99 at ${GROUP_CONNECTIONS} conns`,
        `≤ ${PLATFORM_LIMITS.groupP99Ms} ms`,
        `${group.p99Ms.toFixed(1)} ms (${group.requests} requests, ${group.errors} errors)`,
        group.p99Ms <= PLATFORM_LIMITS.groupP99Ms && group.errors === 0,
      ),
    ],
  };
}

/**
 * Makes every workspace part of one org, gives the first team's workspace a group of GROUP_SIZE teams (across the
 * org's workspaces, as an org admin's group can be), and creates `count` org tokens. One token per pass:
 * the bench bot's clock stands still, so a token's rate limit (a burst of 20) never refills.
 */
async function preparePlatform(url: string, count: number): Promise<{ tokens: string[]; groupSize: number }> {
  const db = benchDatabase(url, { max: 1 });
  try {
    await sql`update workspaces set enterprise_id = ${ENTERPRISE}`.execute(db);
    await sql`update ml_teams set enterprise_id = ${ENTERPRISE}`.execute(db);
    const { rows } = await sql<{ id: number; team_id: string }>`
      insert into ml_groups (team_id, name, created_by)
      select team_id, ${GROUP_NAME}, 'UBENCH' from ml_teams order by id limit 1
      returning id, team_id`.execute(db);
    const group = rows[0];
    if (!group) throw new Error("the organisation has no team");
    const members = await sql`insert into ml_group_teams (group_id, ml_team_id)
      select ${group.id}, id from ml_teams order by id limit ${GROUP_SIZE} returning ml_team_id`.execute(db);
    const ctx = { db, clock: () => new Date() };
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = await createApiToken(ctx, {
        label: `bench ${i}`,
        scope: { kind: "org", id: ENTERPRISE },
      });
      if (created.kind !== "created") throw new Error(`token ${i}: ${created.kind}`);
      tokens.push(created.token);
    }
    return { tokens, groupSize: members.rows.length };
  } finally {
    await db.destroy();
  }
}

/** Pages through every team with each token in turn, one request at a time; the first pass warms up. */
async function measurePaging(options: PlatformOptions, tokens: readonly string[]): Promise<PlatformRow[]> {
  const app = await startAppProcess("bot-server", platformBot(options), join(options.logDir, "api.log"));
  try {
    const origin = `http://127.0.0.1:${app.port}`;
    const [warmUp, ...measured] = tokens;
    console.log(`  GET /api/v1/teams: warming up, then ${measured.length} passes to the end…`);
    if (warmUp) await pageToEnd(origin, warmUp);
    const started = performance.now();
    const passes = [];
    for (const token of measured) passes.push(await pageToEnd(origin, token));
    const wallMs = performance.now() - started;
    const times = passes.flatMap((p) => p.times);
    const teams = new Set(passes.map((p) => p.items));
    const errors = passes.reduce((n, p) => n + p.errors, 0) + (teams.size === 1 ? 0 : 1);
    const reference = passes.flatMap((p) => p.reference);
    return [
      {
        measure: `GET /api/v1/teams, ${[...teams].join("/")} teams, ${PAGE} a page, 1 connection`,
        ...latencies(times),
        reqPerSec: (times.length * 1000) / wallMs,
        errors,
      },
      {
        measure: "reference: GET /api/v1/openapi.json after each page (no token, no database)",
        ...latencies(reference),
        reqPerSec: Number.NaN,
        errors: 0,
      },
    ];
  } finally {
    await app.stop();
  }
}

/**
 * One token's pass through every team. After each page, the OpenAPI document (no token, no database) from the
 * same server: what a round trip costs on this machine at that moment, so a page's time reads as a ratio.
 */
async function pageToEnd(origin: string, token: string) {
  const times: number[] = [];
  const reference: number[] = [];
  let items = 0;
  let errors = 0;
  for (let cursor: string | null = ""; cursor !== null; ) {
    const page = await timed(
      `${origin}/api/v1/teams?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`,
      token,
    );
    times.push(page.ms);
    const body = page.body as { items?: unknown[]; nextCursor?: string | null };
    if (!page.ok || !Array.isArray(body.items)) {
      errors++;
      break;
    }
    items += body.items.length;
    cursor = body.nextCursor ?? null;
    reference.push((await timed(`${origin}/api/v1/openapi.json`)).ms);
  }
  return { times, reference, items, errors };
}

async function timed(url: string, token?: string): Promise<{ ms: number; ok: boolean; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const body = (await response.json()) as unknown;
  return { ms: performance.now() - started, ok: response.ok, body };
}

function latencies(times: readonly number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { requests: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/**
 * Signed `/mlops status group <name>` commands from the group's workspace to the bot, over HTTP; then, as the
 * reference of the same run, `/mlops status` of one of that workspace's teams at the same connections. The
 * fake Slack's token belongs to that workspace of the org for the while (one-token mode refuses the others).
 */
async function measureGroupStatus(options: PlatformOptions, groupSize: number): Promise<PlatformRow[]> {
  const all = await statusTargets(options.databaseUrl);
  const teamId = all[0]?.actor.teamId ?? "";
  const targets = all
    .filter((t) => t.actor.teamId === teamId)
    .map((t) => ({ ...t, actor: { ...t.actor, enterpriseId: ENTERPRISE } }));
  const identity = options.slack.workspace.identity;
  const saved = { ...identity };
  Object.assign(identity, { teamId, enterpriseId: ENTERPRISE });
  try {
    const row = async (label: string, text: string, isExpectedReply: (body: string) => boolean) => {
      const load = (url: string, connections: number, durationSeconds: number) =>
        fireSlashCommands({
          url,
          connections,
          durationSeconds,
          text,
          targets,
          signingSecret: BENCH_SIGNING_SECRET,
          responseUrl: options.slack.responseUrl(),
          isExpectedReply,
        });
      const figures = await measureApp(
        { ...options, connections: [GROUP_CONNECTIONS] },
        label,
        () => startAppProcess("bot-server", platformBot(options), join(options.logDir, "bot-group.log")),
        load,
      );
      const [run] = figures.runs;
      if (!run) throw new Error(`${label}: the load did not run`);
      if (run.badSamples.length > 0) console.log(`  unexpected replies: ${run.badSamples.join(" | ")}`);
      return {
        measure: `${label}, ${GROUP_CONNECTIONS} connections`,
        requests: run.requests,
        p50Ms: run.p50Ms,
        p99Ms: run.p99Ms,
        reqPerSec: run.reqPerSec,
        errors: run.errors,
      };
    };
    return [
      await row(`/mlops status group, ${groupSize} teams`, `status group ${GROUP_NAME}`, isGroupReply),
      await row("reference: /mlops status of one team", "status", isStatusReply),
    ];
  } finally {
    Object.assign(identity, saved);
    if (!("enterpriseId" in saved)) delete (identity as { enterpriseId?: string }).enterpriseId;
  }
}

/**
 * The bot as the other benches start it, without the per-person and per-workspace flood guard (issue 22): the
 * load comes from one workspace's 100 people at up to hundreds a second, and the guard's "slow down" replies
 * would be measured instead of the work.
 */
function platformBot(options: PlatformOptions) {
  const bot = botServerOptions(options);
  return { ...bot, env: { ...bot.env, RATE_LIMITS: "off" } };
}

/** A group's roll-up: Block Kit with the chart's block (`group:levels`, the public hook). */
function isGroupReply(body: string): boolean {
  try {
    const reply = JSON.parse(body) as { blocks?: { block_id?: string }[] };
    return reply.blocks?.some((b) => b.block_id === "group:levels") ?? false;
  } catch {
    return false;
  }
}

/**
 * The tick's statements at two sizes of the same organisation, and the practice-lost nudges it posted: lost
 * practices are found in the history the tick reads anyway, so the count must not grow with the teams.
 */
export function tickStatementTarget(small: TickRun, full: TickRun, lostNudges: readonly number[]): Target {
  const slope = (full.queries - small.queries) / Math.max(1, full.teams - small.teams);
  return target(
    `tick statements with lost-practice detection, ${small.teams} → ${full.teams} teams`,
    `< ${PLATFORM_LIMITS.queriesPerExtraTeam} per extra team`,
    `${small.queries} → ${full.queries} (${slope.toFixed(3)}/team; practice-lost nudges ${lostNudges.join(" → ")})`,
    slope < PLATFORM_LIMITS.queriesPerExtraTeam,
  );
}

/** Practice-lost nudges the tick posted for the round of `period`. */
export async function lostPracticeNudges(url: string, period: string): Promise<number> {
  const db = benchDatabase(url, { max: 1 });
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from deliveries
      where key like 'nudge:practice_lost:%' and period = ${period} and status = 'sent'`.execute(db);
    return rows[0]?.n ?? 0;
  } finally {
    await db.destroy();
  }
}

/** The rows as printed: each measure and its reference (a cheaper request to the same bot, in the same run). */
export function platformLines(rows: readonly PlatformRow[]): string[] {
  return rows.map(
    (r) =>
      `  ${r.measure}: ${r.requests} requests, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors`,
  );
}

function target(name: string, goal: string, actual: string, pass: boolean): Target {
  return { name, target: goal, actual, pass };
}
