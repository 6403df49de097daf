// The read cache's staleness window across replicas: two bot processes (A and B) on one Postgres, each with
// its own pool, cache and listening connection. Each try makes B cache the team's status, submits a check-in
// that changes the team's level through A's real HTTP endpoint, and from A's ack polls /mlops status on B
// until B shows the new level. The delay is measured to the arrival of B's first reply that shows it, so it
// includes that one status round trip (given beside it): an upper bound of the window.
import { join } from "node:path";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { checkinModalJson, checkinValues } from "../test/support/modal-state.js";
import { type Actor, slashCommand, viewSubmission } from "../test/support/payloads.js";
import { SEED_LEVELS } from "../test/support/seed-levels.js";
import { slackSignature } from "../test/support/signing.js";
import { BENCH_SIGNING_SECRET } from "./apps.js";
import { type AppProcess, startAppProcess } from "./child.js";
import { benchDatabase } from "./postgres.js";
import { botServerOptions } from "./status-bench.js";

export interface StalenessRun {
  tries: number;
  /** From A's ack of the check-in to B's first reply showing it, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Replies from B that still showed the level before the check-in, over all tries. */
  staleReplies: number;
  /** Replies from B that showed the old level again after it had shown the new one: must be 0. */
  regressions: number;
  /** One /mlops status round trip to B, p50, in ms: the resolution of the figures above. */
  statusRoundTripMs: number;
}

const ACTOR: Actor = { teamId: "TSTALE", userId: "USTALE" };
const CHANNEL = "CSTALE";
const FORM = "application/x-www-form-urlencoded";
/** After B shows the new level, it is asked this many more times: it must not go back. */
const CONFIRMATIONS = 3;
const WARMUP = 50;

export async function measureStaleness(options: {
  slack: FakeSlack;
  databaseUrl: string;
  logDir: string;
  tries: number;
}): Promise<StalenessRun> {
  const botOptions = botServerOptions({ ...options, clockAt: new Date() });
  const a = await startAppProcess("bot-server", botOptions, join(options.logDir, "staleness-a.log"));
  let b: AppProcess | undefined;
  try {
    b = await startAppProcess("bot-server", botOptions, join(options.logDir, "staleness-b.log"));
    const mlTeamId = await seedTeam(options.databaseUrl);
    const view = checkinModalJson({
      team: { id: mlTeamId, name: "Staleness" },
      period: new Date().toISOString().slice(0, 10),
    });
    const levels = [1, 2] as const;
    await submitCheckin(a.port, view, levels[0]);
    // Warm both processes up (JIT, pools, prepared statements) before anything is measured.
    for (let i = 0; i < WARMUP; i += 1) await Promise.all([statusLevel(a.port), statusLevel(b.port)]);
    const delays: number[] = [];
    const roundTrips: number[] = [];
    let staleReplies = 0;
    let regressions = 0;
    for (let i = 0; i < options.tries; i += 1) {
      const before = levels[i % 2] as 1 | 2;
      const after = levels[(i + 1) % 2] as 1 | 2;
      // B has the level before the check-in cached (or reads it now and caches it).
      if ((await statusLevel(b.port)).level !== before)
        throw new Error(`B does not show level ${before} yet`);
      await submitCheckin(a.port, view, after);
      const acked = performance.now();
      for (;;) {
        const shown = await statusLevel(b.port);
        roundTrips.push(shown.ms);
        if (shown.level === after) break;
        staleReplies += 1;
        if (performance.now() - acked > 5_000) throw new Error("B did not show the check-in within 5 s");
      }
      delays.push(performance.now() - acked);
      for (let c = 0; c < CONFIRMATIONS; c += 1)
        if ((await statusLevel(b.port)).level !== after) regressions += 1;
    }
    return {
      tries: options.tries,
      p50Ms: percentile(delays, 0.5),
      p99Ms: percentile(delays, 0.99),
      maxMs: Math.max(...delays),
      staleReplies,
      regressions,
      statusRoundTripMs: percentile(roundTrips, 0.5),
    };
  } finally {
    await b?.stop();
    await a.stop();
  }
}

export function stalenessLine(run: StalenessRun): string {
  return `  ${run.tries} tries: p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, max ${run.maxMs.toFixed(1)} ms (one status round trip to B: ${run.statusRoundTripMs.toFixed(1)} ms); ${run.staleReplies} stale replies before the new one, ${run.regressions} back to the old one after it`;
}

/** A team of one respondent, its workspace, in UTC: the bots migrated the database before this runs. */
async function seedTeam(databaseUrl: string): Promise<number> {
  const db = benchDatabase(databaseUrl, { max: 1 });
  try {
    await db.insertInto("workspaces").values({ team_id: ACTOR.teamId, enterprise_id: null }).execute();
    const team = await db
      .insertInto("ml_teams")
      .values({
        team_id: ACTOR.teamId,
        enterprise_id: null,
        channel_id: CHANNEL,
        name: "Staleness",
        cadence: "weekly",
        checkin_day: 1,
        checkin_time: "10:00",
        time_zone: "UTC",
        created_by: ACTOR.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("team_respondents").values({ ml_team_id: team.id, user_id: ACTOR.userId }).execute();
    return team.id;
  } finally {
    await db.destroy();
  }
}

async function post(port: number, body: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    body,
    headers: {
      "content-type": FORM,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(BENCH_SIGNING_SECRET, timestamp, body),
    },
  });
}

async function submitCheckin(port: number, view: ReturnType<typeof checkinModalJson>, level: 1 | 2) {
  const answer = SEED_LEVELS[level]?.answer;
  if (!answer) throw new Error(`the seed has no level ${level}`);
  const payload = viewSubmission(view.callback_id ?? "", checkinValues(view, answer), {
    actor: ACTOR,
    privateMetadata: view.private_metadata ?? "",
    blocks: view.blocks.map((block) => ({ type: block.type, block_id: block.block_id })),
  });
  const res = await post(port, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  const body = await res.text();
  if (res.status !== 200 || body !== "") throw new Error(`check-in not saved: ${res.status} ${body}`);
}

async function statusLevel(port: number): Promise<{ level: number | undefined; ms: number }> {
  const started = performance.now();
  const command = slashCommand("status", {
    actor: ACTOR,
    channelId: CHANNEL,
    responseUrl: "http://127.0.0.1:9/",
  });
  const res = await post(port, new URLSearchParams({ ...command } as Record<string, string>).toString());
  const reply = (await res.json()) as { blocks?: { block_id?: string }[] };
  const ms = performance.now() - started;
  const block = reply.blocks?.find((b) => /^level:[0-4]$/.test(b.block_id ?? ""));
  return { level: block ? Number(block.block_id?.slice("level:".length)) : undefined, ms };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
