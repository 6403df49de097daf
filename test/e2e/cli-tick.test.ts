// `npm run mlops -- tick --at …` as operators run it: the same configuration as the bot, what it says run in
// this process (cli-here.ts), and three compiled CLIs in child processes at once against one real Postgres.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runCli } from "../support/cli.js";
import { runCliHere } from "../support/cli-here.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { SEED_LEVEL_1 } from "../support/rounds.js";
import { kindOf, posts } from "../support/scheduled.js";
import { answer, seedTeam } from "../support/seed.js";

let workDir: string;
const slack = useFakeSlack();

/** The CLI with the bot token and nothing else from Slack's settings: `tick` needs no signing secret. */
function mlops(args: string[], env: Record<string, string>) {
  return runCliHere(args, cliEnv(slack, env));
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mlops-cli-"));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// What the command says before it opens any database: run in this process (cli-here.ts).
describe("tick --at: usage errors", () => {
  it.each(["yesterday", "2026-03-30 10:30", "2026-03-30T10:30", "2026-02-30T10:00:00Z", "2026-03-30T24:00Z"])(
    "refuses --at %j with a clear message and exit code 2",
    async (at) => {
      const result = await runCliHere(
        ["tick", "--at", at],
        cliEnv(slack, { DATA_DIR: join(workDir, "unused") }),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("is not an ISO-8601 instant");
      expect(result.stderr).toContain("--at 2026-03-30T08:30:00Z");
    },
  );

  it("refuses --at without a value with the usage and exit code 2", async () => {
    const result = await runCliHere(["tick", "--at"], cliEnv(slack, { DATA_DIR: join(workDir, "unused") }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tick [--at <instant>]");
  });

  it("asks only for the bot token, the one Slack setting it uses", async () => {
    const result = await runCliHere(["tick"], { DATA_DIR: join(workDir, "unused") });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("SLACK_BOT_TOKEN is required");
    expect(result.stderr).not.toContain("SLACK_SIGNING_SECRET");
  });
});

describe("tick on the embedded database", () => {
  it("runs once and prints what it did", async () => {
    const result = await mlops(["tick", "--at", "2026-03-23T10:30:00+01:00"], {
      DATA_DIR: join(workDir, "embedded"),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Tick at 2026-03-23T09:30:00.000Z (0 teams");
    expect(result.stdout).toContain(
      "posted: 0 prompts, 0 reminders, 0 team digests, 0 nudges, 0 org digests",
    );
  });

  it("migrates with no Slack setting at all; a new data directory starts from the build's migrated seed", async () => {
    const result = await runCliHere(["migrate"], { DATA_DIR: join(workDir, "migrated") });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Nothing to do: the database is up to date.\n");
  });

  it("refuses while the bot holds the data directory, saying to use Postgres", async () => {
    const dataDir = join(workDir, "busy");
    await mkdir(dataDir, { recursive: true });
    // The process that started this one stands in for the running bot: a live pid in the lock file (not this
    // process's own: the command runs here, and would take its own pid for a lock it left itself).
    await writeFile(join(dataDir, "bot.lock"), String(process.ppid));
    const result = await mlops(["tick", "--at", "2026-03-23T10:30:00Z"], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`is already in use by process ${process.ppid}`);
    expect(result.stderr).toContain("use Postgres for more than one process");
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });
});

/**
 * Makes the processes truly race: the outbox is locked against writes until all three have read the same
 * state and wait to write it, then all go at once. (The children get a longer query timeout for this.)
 */
async function withOutboxHeld<T>(url: string, start: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("lock table deliveries in share row exclusive mode");
    const running = start();
    let waiting = 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ waiting: string }>(
        "select count(distinct pid) as waiting from pg_locks where relation = 'deliveries'::regclass and not granted",
      );
      waiting = Number(rows[0]?.waiting);
      if (waiting >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await client.query("commit");
    expect(waiting, "all three processes reached the outbox together").toBe(3);
    return await running;
  } finally {
    await client.end();
  }
}

describe("three tick processes at once on one Postgres", () => {
  const database = useDatabase();

  it.skipIf(!TEST_DATABASE_URL)(
    "post every prompt, reminder, digest, nudge and org digest exactly once (skipped without TEST_DATABASE_URL: needs a real Postgres)",
    async () => {
      const db = database.db;
      const teams: number[] = [];
      for (let i = 0; i < 6; i++) {
        teams.push(
          await seedTeam(db, {
            channelId: `C${i}`,
            createdAt: "2026-03-20T00:00:00Z",
            respondents: [`U${i}A`, `U${i}B`],
          }),
        );
      }
      await db
        .updateTable("workspaces")
        .set({ digest_channel_id: "CDIGEST", digest_time_zone: "UTC" })
        .execute();
      const url = database.handle.url ?? "";
      const threeAt = async (at: string) => {
        slack.reset();
        const results = await withOutboxHeld(database.handle.url ?? "", () =>
          Promise.all(
            [1, 2, 3].map(() => runCli(["tick", "--at", at], cliEnv(slack, { DATABASE_URL: url }))),
          ),
        );
        for (const r of results) expect(r.code, r.stderr).toBe(0);
        const counts = new Map<string, number>();
        for (const call of posts(slack)) {
          const key = `${String(call.args.channel)} ${kindOf(call)}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        return { counts, results };
      };

      const monday = await threeAt("2026-03-23T10:30:00Z");
      expect([...monday.counts.values()].every((n) => n === 1)).toBe(true);
      expect([...monday.counts.keys()].sort()).toEqual([
        "C0 prompt",
        "C1 prompt",
        "C2 prompt",
        "C3 prompt",
        "C4 prompt",
        "C5 prompt",
        "CDIGEST org_digest",
      ]);
      expect(monday.results.map((r) => r.stdout).join("\n")).toContain("already handled by another process");

      for (const [i, id] of teams.slice(0, 4).entries()) {
        await answer(db, { mlTeamId: id, period: "2026-03-23", userId: `U${i}A`, met: SEED_LEVEL_1 });
      }
      const thursday = await threeAt("2026-03-26T10:30:00Z");
      expect([...thursday.counts.entries()].sort()).toEqual(
        ["U0B", "U1B", "U2B", "U3B", "U4A", "U4B", "U5A", "U5B"].map((user) => [`${user} reminder`, 1]),
      );

      const nextMonday = await threeAt("2026-03-30T09:30:00Z");
      expect([...nextMonday.counts.values()].every((n) => n === 1)).toBe(true);
      const expected = [
        ...[0, 1, 2, 3].flatMap((i) => [
          `C${i} team_digest`,
          `C${i} nudge:siloed_roles`,
          `C${i} nudge:manual_releases`,
        ]),
        ...[4, 5].flatMap((i) => [`C${i} team_digest`, `C${i} nudge:missed_checkin`]),
        "CDIGEST org_digest",
      ];
      expect([...nextMonday.counts.keys()].sort()).toEqual(expected.sort());
      const outcomes = await db
        .selectFrom("deliveries")
        .select(["status"])
        .where("status", "=", "claimed")
        .execute();
      expect(outcomes).toEqual([]);
    },
  );
});
