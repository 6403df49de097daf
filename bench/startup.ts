// Start-up and memory of the bot as `npm start` and Docker run it (`node dist/main.js`), measured from outside
// through /proc: a first start on an empty DATA_DIR, a restart on it, and the same on Postgres; then the
// resident memory after a short load of signed /mlops status commands (the steady state).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeSlack } from "../src/fake-slack/server.js";
import { type BotProcess, botEnv, startBotProcess } from "../test/support/bot-process.js";
import { freePort } from "../test/support/ports.js";
import { TEST_SIGNING_SECRET } from "../test/support/signing.js";
import { BENCH_ORG_ACTOR, installOrgWide } from "./apps.js";
import { fireSlashCommands } from "./load.js";
import type { BenchServer } from "./postgres.js";
import { peakResidentBytes, residentBytes } from "./proc.js";

export interface StartupRun {
  database: "embedded" | "postgres";
  start: "first" | "restart";
  /** From spawning node to its "bot started" log line. */
  readyMs: number;
  /** The highest RSS up to ready, and the RSS then. */
  peakAtReadyMb: number;
  rssAtReadyMb: number;
  /** After LOAD_SECONDS of status commands at 10 connections: RSS then, and the high-water mark of the run. */
  rssAfterLoadMb: number;
  peakMb: number;
  requests: number;
  errors: number;
}

const LOAD_SECONDS = 5;
const MB = 2 ** 20;

/** Four runs: embedded first start and restart on one DATA_DIR, Postgres first start and restart. */
export async function measureStartup(slack: FakeSlack, server: BenchServer): Promise<StartupRun[]> {
  installOrgWide(slack);
  const folder = mkdtempSync(join(tmpdir(), "mlops-bench-startup-"));
  try {
    // One person at 10 connections: the per-person limits would answer nearly every command "slow down", and
    // the steady state measured would be that of refusals rather than of status replies.
    const embedded = { ...botEnv(slack, folder, 0), RATE_LIMITS: "off" };
    const postgres = { ...embedded, DATABASE_URL: await server.createDatabase("startup") };
    const runs: StartupRun[] = [];
    for (const [database, env] of [
      ["embedded", embedded],
      ["postgres", postgres],
    ] as const) {
      for (const start of ["first", "restart"] as const)
        runs.push(await oneStart(database, start, env, folder, slack));
    }
    return runs;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function oneStart(
  database: StartupRun["database"],
  start: StartupRun["start"],
  env: Record<string, string>,
  cwd: string,
  slack: FakeSlack,
): Promise<StartupRun> {
  const port = await freePort();
  const began = performance.now();
  const bot = await startBotProcess({ cwd, env: { ...env, PORT: String(port) } });
  const readyMs = performance.now() - began;
  try {
    const pid = bot.child.pid ?? 0;
    const peakAtReadyMb = (peakResidentBytes(pid) ?? Number.NaN) / MB;
    const rssAtReadyMb = (residentBytes(pid) ?? Number.NaN) / MB;
    const load = await statusLoad(bot, slack);
    return {
      database,
      start,
      readyMs,
      peakAtReadyMb,
      rssAtReadyMb,
      rssAfterLoadMb: (residentBytes(pid) ?? Number.NaN) / MB,
      peakMb: (peakResidentBytes(pid) ?? Number.NaN) / MB,
      requests: load.requests,
      errors: load.errors,
    };
  } finally {
    await bot.stop("SIGTERM");
  }
}

// In a channel with no team, status answers how to set one up: a database read per request, like a real one.
function statusLoad(bot: BotProcess, slack: FakeSlack) {
  return fireSlashCommands({
    url: bot.url,
    connections: 10,
    durationSeconds: LOAD_SECONDS,
    text: "status",
    targets: [
      {
        actor: { teamId: "T0", userId: "UALICE", ...BENCH_ORG_ACTOR },
        channelId: "CNOTEAM",
        channelName: "random",
      },
    ],
    signingSecret: TEST_SIGNING_SECRET,
    responseUrl: slack.responseUrl(),
    isExpectedReply: (body) => body.includes("setup"),
  });
}

export function startupLines(runs: readonly StartupRun[]): string[] {
  return runs.map(
    (r) =>
      `  ${r.database.padEnd(8)} ${r.start.padEnd(7)} ready ${(r.readyMs / 1000).toFixed(1)} s · peak ${r.peakAtReadyMb.toFixed(0)} MB to ready, ${r.peakMb.toFixed(0)} MB in all · RSS ${r.rssAtReadyMb.toFixed(0)} MB ready, ${r.rssAfterLoadMb.toFixed(0)} MB after ${r.requests.toLocaleString("en")} status commands (${r.errors} errors)`,
  );
}
