// The faults of the reliability table, each caused for real: `tick` processes (the compiled CLI) against a
// real Postgres and the fake Slack on loopback, killed, interrupted, cut off from the database, or served
// by a Slack that fails, answers late or rate limits one channel. After the fault, ticks run again (after
// the lease where claims were left) until nothing is left to do; then Slack's messages are counted.
import { isTransientError, MAX_ATTEMPTS } from "../src/domain/delivery-policy.js";
import type { FakeSlack, RecordedCall } from "../src/fake-slack/server.js";
import { cliEnv, runCli, startCli } from "../test/support/cli.js";
import { seedTeam } from "../test/support/seed.js";
import { TcpProxy, viaProxy } from "../test/support/tcp-proxy.js";
import { benchDatabase } from "./postgres.js";

/** Short enough to wait out in a run, long enough that a post (a quarter of it, at most 10 s) ends inside it. */
export const LEASE_SECONDS = 20;
const FIRST_AT = Date.parse("2026-03-23T10:30:00Z");

export interface RunContext {
  readonly slack: FakeSlack;
  /** A new, empty (migrated by the first tick) database for this run. */
  newDatabase(): Promise<string>;
}

export interface Outcome {
  fault: string;
  expected: number;
  /** Distinct messages in Slack. */
  sent: number;
  /** Copies beyond the first. */
  duplicated: number;
  /** Expected, not in Slack, and not reported as failed or uncertain. */
  lost: number;
  uncertain: number;
  /** Reported as failed (e.g. ratelimited after the last attempt). */
  failed: number;
  note: string;
}

export interface Fault {
  readonly name: string;
  readonly teams: number;
  /** Causes the fault around the first tick(s); returns a note for the table. */
  run(tick: Ticker, ctx: RunContext, databaseUrl: string): Promise<string>;
  /** What stays wrong in Slack for the later ticks too (a channel that is always rate limited). */
  lasting?(slack: FakeSlack): void;
}

export interface Ticker {
  /** Runs one `tick --at` (the nth after the first instant), to its end. */
  once(databaseUrl?: string): ReturnType<typeof runCli>;
  start(databaseUrl?: string): ReturnType<typeof startCli>;
}

export async function measure(fault: Fault, ctx: RunContext): Promise<Outcome> {
  ctx.slack.reset();
  const url = await ctx.newDatabase();
  const keys = await seed(url, fault.teams);
  let at = FIRST_AT;
  const ticker: Ticker = {
    once: (databaseUrl = url) =>
      runCli(["tick", "--at", new Date(at).toISOString()], env(ctx.slack, databaseUrl), 120_000),
    start: (databaseUrl = url) =>
      startCli(["tick", "--at", new Date(at).toISOString()], env(ctx.slack, databaseUrl)),
  };
  console.log(`  ${fault.name}…`);
  const note = await fault.run(ticker, ctx, url);
  ctx.slack.clearFaults(); // Slack works again, but for what lasts (what it holds stays)
  fault.lasting?.(ctx.slack);
  // Later ticks, minutes apart (past the outbox's back-off), after the lease when claims were left.
  for (let i = 0; i < 8 && (await pending(url)) > 0; i++) {
    if ((await claimed(url)) > 0) await sleep(LEASE_SECONDS * 1_000 + 1_000);
    at += 3 * 60_000;
    await ticker.once();
  }
  return count(fault, keys, ctx.slack, url, note);
}

function env(slack: FakeSlack, databaseUrl: string) {
  return cliEnv(slack, { DATABASE_URL: databaseUrl, DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS) });
}

async function seed(url: string, teams: number): Promise<string[]> {
  const db = benchDatabase(url, { max: 1 });
  try {
    const { migrateToLatest } = await import("../src/db/migrate.js");
    await migrateToLatest(db);
    const keys: string[] = [];
    for (let i = 0; i < teams; i++) {
      const id = await seedTeam(db, { channelId: `C${i}`, createdAt: "2026-03-20T00:00:00Z" });
      keys.push(`prompt:${id}:2026-03-23`);
    }
    return keys;
  } finally {
    await db.destroy();
  }
}

async function rowsOf(url: string): Promise<{ key: string; status: string }[]> {
  const db = benchDatabase(url, { max: 1 });
  try {
    return await db
      .selectFrom("deliveries")
      .select(["key", "status"])
      .where("kind", "=", "prompt")
      .where("period", "=", "2026-03-23")
      .execute();
  } finally {
    await db.destroy();
  }
}

/** Prompts not settled yet: never claimed, claimed, or failed for a reason a later tick retries. */
async function pending(url: string): Promise<number> {
  const db = benchDatabase(url, { max: 1 });
  try {
    const teams = await db
      .selectFrom("ml_teams")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom("deliveries")
      .select(["status", "error", "attempts"])
      .where("kind", "=", "prompt")
      .where("period", "=", "2026-03-23")
      .execute();
    const settled = rows.filter(
      (r) =>
        r.status === "sent" ||
        r.status === "uncertain" ||
        (r.status === "failed" && (r.attempts >= MAX_ATTEMPTS || !isTransientError(r.error))),
    );
    return Number(teams.n) - settled.length;
  } finally {
    await db.destroy();
  }
}

async function claimed(url: string): Promise<number> {
  return (await rowsOf(url)).filter((r) => r.status === "claimed").length;
}

async function count(
  fault: Fault,
  keys: readonly string[],
  slack: FakeSlack,
  url: string,
  note: string,
): Promise<Outcome> {
  const copies = new Map<string, number>();
  for (const m of slack.messages()) {
    const key = m.metadata?.event_payload.key;
    if (typeof key === "string") copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  const rows = new Map((await rowsOf(url)).map((r) => [r.key, r.status]));
  const inSlack = keys.filter((k) => copies.has(k));
  const reported = (status: string) => keys.filter((k) => !copies.has(k) && rows.get(k) === status).length;
  return {
    fault: fault.name,
    expected: keys.length,
    sent: inSlack.length,
    duplicated: inSlack.reduce((n, k) => n + (copies.get(k) ?? 1) - 1, 0),
    lost: keys.filter((k) => !copies.has(k) && rows.get(k) !== "failed" && rows.get(k) !== "uncertain")
      .length,
    uncertain: keys.filter((k) => rows.get(k) === "uncertain").length,
    failed: reported("failed"),
    note,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Slack that takes `minMs`–`maxMs` to carry each post out and answer. */
function latency(slack: FakeSlack, minMs: number, maxMs: number): void {
  slack.afterAccepting((c) =>
    c.method === "chat.postMessage" ? minMs + Math.random() * (maxMs - minMs) : undefined,
  );
}

function postTimes(slack: FakeSlack): RecordedCall[] {
  return slack.callsTo("chat.postMessage");
}

export const FAULTS: readonly Fault[] = [
  {
    name: "3 concurrent ticks, 50–200 ms Slack latency, no fault",
    teams: 200,
    run: async (tick, { slack }) => {
      latency(slack, 50, 200);
      const runs = await Promise.all([tick.once(), tick.once(), tick.once()]);
      return `exit codes ${runs.map((r) => r.code).join(", ")}`;
    },
  },
  ...[200, 500, 700].map(
    (afterMs): Fault => ({
      name: `the posting tick SIGKILLed after ${afterMs} ms`,
      teams: 200,
      run: async (tick, { slack }) => {
        latency(slack, 50, 200);
        const running = tick.start();
        await slack.waitFor(() => postTimes(slack).length > 0, 30_000);
        await sleep(afterMs);
        running.child.kill("SIGKILL");
        await running.exited;
        return `${slack.messages().length} in Slack when killed`;
      },
    }),
  ),
  {
    name: "`tick` interrupted with Ctrl-C (SIGINT)",
    teams: 200,
    run: async (tick, { slack }) => {
      latency(slack, 50, 200);
      const running = tick.start();
      await slack.waitFor(() => postTimes(slack).length > 0, 30_000);
      await sleep(500);
      running.child.kill("SIGINT");
      const result = await running.exited;
      return `exit ${result.code}; ${slack.messages().length} in Slack when stopped`;
    },
  },
  ...[2_300, 3_200].map(
    (outageMs): Fault => ({
      name: `Postgres unreachable ${(outageMs / 1_000).toFixed(1)} s mid-tick`,
      teams: 600,
      run: async (tick, { slack }, url) => {
        const target = new URL(url);
        const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
        try {
          latency(slack, 50, 200);
          const running = tick.start(viaProxy(url, proxy));
          await slack.waitFor(() => postTimes(slack).length >= 100, 60_000);
          proxy.set("refuse");
          await sleep(outageMs);
          proxy.set("forward");
          const result = await running.exited;
          const uncertain = /(\d+) messages are in doubt/.exec(result.stdout)?.[1] ?? "?";
          return `exit ${result.code}, reported ${uncertain} in doubt`;
        } finally {
          await proxy.stop();
        }
      },
    }),
  ),
  {
    name: "30 % of posts: 429 / 500 / reset, half the resets after Slack accepted",
    teams: 200,
    run: async (tick, { slack }) => {
      let n = 0;
      slack.override((c) => {
        if (c.method !== "chat.postMessage") return undefined;
        const roll = (n++ * 7919) % 100; // spread evenly, the same every run
        if (roll < 10)
          return { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } };
        if (roll < 20) return { status: 500, body: { ok: false } };
        if (roll < 25) return "reset";
        return undefined;
      });
      let m = 0;
      slack.afterAccepting((c) =>
        c.method === "chat.postMessage" && (m++ * 7919) % 100 < 5 ? "reset" : undefined,
      );
      const result = await tick.once();
      return `first tick exit ${result.code}`;
    },
  },
  {
    name: "Slack accepts, but answers after 16 s",
    teams: 3,
    run: async (tick, { slack }) => {
      slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 16_000 : undefined));
      const first = await tick.once();
      const again = await tick.once();
      const said = /in doubt: \d+/.exec(first.stdout)?.[0] ?? "?";
      return `first tick: "${said}" (exit ${first.code}); a second one at once posted nothing (${postTimes(slack).length} posts in all, exit ${again.code})`;
    },
  },
  {
    name: "one channel always 429 with Retry-After 10",
    teams: 189,
    run: async (tick, { slack }) => {
      latency(slack, 5, 15);
      slack.rateLimit("chat.postMessage", { channel: "C0", retryAfterSeconds: 10 });
      const result = await tick.once();
      const first = Math.min(...postTimes(slack).map((c) => c.at));
      const others = postTimes(slack)
        .filter((c) => c.args.channel !== "C0")
        .map((c) => c.at - first)
        .sort((a, b) => a - b);
      const median = others[Math.floor(others.length / 2)] ?? 0;
      const last = others.at(-1) ?? 0;
      const tries = postTimes(slack).filter((c) => c.args.channel === "C0").length;
      return `other teams: median ${(median / 1_000).toFixed(2)} s, last ${(last / 1_000).toFixed(2)} s after the first post; C0 tried ${tries}× in the first tick (${result.code === 0 ? "exit 0" : `exit ${result.code}`})`;
    },
    lasting: (slack) => {
      slack.rateLimit("chat.postMessage", { channel: "C0", retryAfterSeconds: 10 });
    },
  },
];
