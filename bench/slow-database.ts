// npm run bench:slow-database: how fast /mlops status is answered while the database cannot answer. The
// real bot (its own process) takes 200 signed requests a second for 8 s; from the 1st to the 6th second
// another session holds an exclusive lock on ml_teams, so every status query waits. Slack gives up on a
// command after 3 s; the bot's budget is to say "temporarily unavailable" within 2 s.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { FakeSlack } from "../src/fake-slack/server.js";
import { UNAVAILABLE_TEXT } from "../src/slack/failure-reply.js";
import { slashCommand } from "../test/support/payloads.js";
import { slackSignature } from "../test/support/signing.js";
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, type BotServerOptions } from "./apps.js";
import { startAppProcess } from "./child.js";
import { onExit, runBenchmark } from "./cleanup.js";
import { benchDatabase, openBenchServer } from "./postgres.js";

const RATE_PER_SECOND = 200;
const RUN_MS = 8_000;
const LOCK = { fromMs: 1_000, forMs: 5_000 };
const TEAMS = 50;
const LOG_DIR = fileURLToPath(new URL("../logs/", import.meta.url));
const RESULTS = fileURLToPath(new URL("../../bench/results/slow-database.json", import.meta.url));

type Phase = "before the lock" | "during the lock" | "after the lock";

interface Sample {
  phase: Phase;
  ms: number;
  outcome: "answered" | "unavailable" | "other";
}

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  mkdirSync(LOG_DIR, { recursive: true });
  const server = await openBenchServer(env.DATABASE_URL, env.PG_BIN);
  onExit(() => server.stop());
  const url = await server.createDatabase("slowdb");
  const slack = await new FakeSlack().start();
  onExit(() => slack.stop());
  const options: BotServerOptions = {
    env: {
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: url,
      PORT: "0",
      LOG_LEVEL: "error",
    },
    clockAt: new Date().toISOString(),
  };
  const bot = await startAppProcess("bot-server", options, join(LOG_DIR, "slow-database-bot.log"));
  onExit(() => bot.stop());
  await seedTeams(url);
  console.log(
    `PostgreSQL ${server.version}: ${RATE_PER_SECOND} /mlops status a second for ${RUN_MS / 1000} s, ml_teams locked from ${LOCK.fromMs / 1000} s for ${LOCK.forMs / 1000} s…`,
  );
  const endpoint = `http://127.0.0.1:${bot.port}/slack/events`;
  // Warm up first: the pool's connections and the prepared statements are made on first use.
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      oneCommand(endpoint, `C${(i % TEAMS) + 1}`, slack.responseUrl(), "before the lock"),
    ),
  );
  const samples = await fireDuringLock(endpoint, url, slack.responseUrl());
  const rows = summarise(samples);
  console.table(rows);
  writeFileSync(
    RESULTS,
    `${JSON.stringify({ date: new Date().toISOString(), postgres: server.version, rows }, null, 2)}\n`,
  );
  console.log(`Results written to ${RESULTS}`);
}

async function seedTeams(url: string): Promise<void> {
  const db = benchDatabase(url, { max: 1 });
  try {
    await sql`insert into workspaces (team_id) values ('T0') on conflict do nothing`.execute(db);
    await sql`insert into ml_teams (team_id, channel_id, name, cadence, checkin_day, checkin_time, time_zone, created_by)
      select 'T0', 'C' || i, 'team ' || i, 'weekly', 1, '10:00', 'UTC', 'U' || i from generate_series(1, ${TEAMS}) i`.execute(
      db,
    );
    await sql`insert into team_respondents (ml_team_id, user_id) select id, created_by from ml_teams`.execute(
      db,
    );
  } finally {
    await db.destroy();
  }
}

async function fireDuringLock(endpoint: string, databaseUrl: string, responseUrl: string): Promise<Sample[]> {
  const locker = new pg.Client({ connectionString: databaseUrl });
  await locker.connect();
  const started = performance.now();
  const phaseAt = (t: number): Phase =>
    t < LOCK.fromMs ? "before the lock" : t < LOCK.fromMs + LOCK.forMs ? "during the lock" : "after the lock";
  const lock = (async () => {
    await sleep(LOCK.fromMs);
    await locker.query("begin");
    await locker.query("lock table ml_teams in access exclusive mode");
    await sleep(LOCK.forMs);
    await locker.query("commit");
  })();
  const requests: Promise<Sample>[] = [];
  for (let i = 0; i < (RATE_PER_SECOND * RUN_MS) / 1_000; i++) {
    // Open loop: requests go out on schedule whether or not earlier ones were answered, as Slack's do.
    await sleep(started + (i * 1_000) / RATE_PER_SECOND - performance.now());
    requests.push(
      oneCommand(endpoint, `C${(i % TEAMS) + 1}`, responseUrl, phaseAt(performance.now() - started)),
    );
  }
  const samples = await Promise.all(requests);
  await lock;
  await locker.end();
  return samples;
}

async function oneCommand(
  endpoint: string,
  channelId: string,
  responseUrl: string,
  phase: Phase,
): Promise<Sample> {
  const body = new URLSearchParams({
    ...slashCommand("status", { channelId, responseUrl, actor: { teamId: "T0", userId: "U1" } }),
  } as Record<string, string>).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const sent = performance.now();
  try {
    const res = await fetch(endpoint, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(BENCH_SIGNING_SECRET, timestamp, body),
      },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const ms = performance.now() - sent;
    if (res.status !== 200) return { phase, ms, outcome: "other" };
    return {
      phase,
      ms,
      outcome: text.includes(JSON.stringify(UNAVAILABLE_TEXT).slice(1, -1)) ? "unavailable" : "answered",
    };
  } catch {
    return { phase, ms: performance.now() - sent, outcome: "other" };
  }
}

function summarise(samples: readonly Sample[]) {
  const phases: Phase[] = ["before the lock", "during the lock", "after the lock"];
  return phases.map((phase) => {
    const of = samples.filter((s) => s.phase === phase);
    const ms = of.map((s) => s.ms).sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0);
    return {
      phase,
      requests: of.length,
      answered: of.filter((s) => s.outcome === "answered").length,
      unavailable: of.filter((s) => s.outcome === "unavailable").length,
      other: of.filter((s) => s.outcome === "other").length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: Math.round(ms.at(-1) ?? 0),
      over2s: ms.filter((m) => m > 2_000).length,
      over3s: ms.filter((m) => m > 3_000).length,
    };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

runBenchmark("The slow-database benchmark", main);
