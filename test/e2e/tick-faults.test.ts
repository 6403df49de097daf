// Faults caused for real, against real `tick` processes and a real Postgres: a tick killed while posting, a
// tick stopped with Ctrl-C, the database going away mid-tick, a Slack that takes messages but answers late,
// and one rate-limited channel among a hundred. Whatever happens, every message ends up in Slack once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, runCli, startCli } from "../support/cli.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";
import { copiesByKey, deliveryRows, posts } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";
import { TcpProxy, viaProxy } from "../support/tcp-proxy.js";

// Monday 23 Mar 2026 10:30Z: every weekly UTC team set up before then is due its prompt.
const AT = "2026-03-23T10:30:00Z";
// Claims run out after 4 s (so posts give up after 1 s): the tests wait for leases instead of ten minutes.
const LEASE_SECONDS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(TEST_DATABASE_URL)("tick under faults (needs a real Postgres: TEST_DATABASE_URL)", () => {
  const database = useDatabase({ resetBetweenTests: true });
  const slack = useFakeSlack({ resetBetweenTests: true });

  async function teams(count: number): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await seedTeam(database.db, { channelId: `C${i}`, createdAt: "2026-03-20T00:00:00Z" });
      keys.push(`prompt:${id}:2026-03-23`);
    }
    return keys;
  }

  function env(databaseUrl = database.handle.url ?? "") {
    return cliEnv(slack, { DATABASE_URL: databaseUrl, DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS) });
  }

  /** Every key in Slack exactly once, and nothing else. */
  function expectExactlyOnce(keys: readonly string[]) {
    expect(copiesByKey(slack)).toEqual(new Map(keys.map((key) => [key, 1])));
  }

  /** The prompts' outbox rows by status (the older rounds' messages are recorded as skipped). */
  async function statuses(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const row of await deliveryRows(database.db)) {
      if (row.kind === "prompt" && row.period === "2026-03-23")
        counts[row.status] = (counts[row.status] ?? 0) + 1;
    }
    return counts;
  }

  it("posts every message once after a tick is killed mid-post, once the lease has run out", async () => {
    const keys = await teams(40);
    slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 300 : undefined));
    const killed = startCli(["tick", "--at", AT], env());
    await slack.waitFor(() => slack.messages().length >= 10, 20_000);
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");
    const accepted = slack.messages().length;
    expect((await statuses()).claimed).toBeGreaterThan(0);

    const tooEarly = await runCli(["tick", "--at", AT], env());
    expect(tooEarly.code, tooEarly.stderr).toBe(0);
    await sleep(LEASE_SECONDS * 1_000 + 500);
    const after = await runCli(["tick", "--at", AT], env());
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(
      /found already posted in the channel's history, now recorded as sent: [1-9]/,
    );
    expectExactlyOnce(keys);
    expect(slack.messages().length).toBeGreaterThanOrEqual(accepted);
    expect(await statuses()).toEqual({ sent: 40 });
  });

  it("stops cleanly on Ctrl-C: posts in flight are recorded, nothing stays claimed, the next tick does the rest", async () => {
    const keys = await teams(40);
    slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 400 : undefined));
    const stopped = startCli(["tick", "--at", AT], env());
    await slack.waitFor(() => slack.messages().length >= 5, 20_000);
    stopped.child.kill("SIGINT");
    const result = await stopped.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain("Stopped early on request");
    expect(result.stderr).toContain("SIGINT: stopping");
    expect((await statuses()).claimed).toBeUndefined();

    const next = await runCli(["tick", "--at", AT], env());
    expect(next.code, next.stderr).toBe(0);
    expectExactlyOnce(keys);
    expect(slack.callsTo("conversations.history")).toEqual([]); // nothing was left unaccounted for
  });

  describe("with the database behind a proxy", () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      const target = new URL(TEST_DATABASE_URL ?? "");
      proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    });
    afterAll(() => proxy?.stop());

    it("stops posting when Postgres goes away mid-tick, exits 1 saying what is uncertain, and loses or repeats nothing", async () => {
      const keys = await teams(60);
      slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 200 : undefined));
      const cut = startCli(["tick", "--at", AT], env(viaProxy(database.handle.url ?? "", proxy)));
      await slack.waitFor(() => slack.messages().length >= 10, 20_000);
      proxy.set("refuse");
      await sleep(2_500);
      proxy.set("forward");
      const result = await cut.exited;
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain("Stopped early: the database could not be written");
      expect(result.stdout).toMatch(/\d+ messages are in doubt/);
      expect(result.stdout).not.toContain("posted: 60 prompts");
      const postedDuringOutage = slack.messages().length;
      expect(postedDuringOutage).toBeLessThan(60);

      await sleep(LEASE_SECONDS * 1_000 + 500);
      const after = await runCli(["tick", "--at", AT], env());
      expect(after.code, after.stderr).toBe(0);
      expectExactlyOnce(keys);
      expect(await statuses()).toEqual({ sent: 60 });
    });
  });

  it("checks the history instead of posting again when Slack takes messages but answers late", async () => {
    const keys = await teams(3);
    // Later than the 1 s a post may take with a 4 s lease.
    slack.afterAccepting((c) => (c.method === "chat.postMessage" ? 2_000 : undefined));
    const first = await runCli(["tick", "--at", AT], env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("in doubt: 3 (they may be in the channel: Slack gave no clear answer");
    const again = await runCli(["tick", "--at", AT], env());
    expect(again.code).toBe(0);
    expect(posts(slack)).toHaveLength(3); // the leases still run
    await sleep(LEASE_SECONDS * 1_000 + 500);
    const after = await runCli(["tick", "--at", AT], env());
    expect(after.stdout).toContain("found already posted in the channel's history, now recorded as sent: 3");
    expectExactlyOnce(keys);
    expect(posts(slack)).toHaveLength(3);
  });

  it("lets a hundred channels post at once while one is rate limited, and says ratelimited for that one", async () => {
    const keys = await teams(101);
    slack.rateLimit("chat.postMessage", { channel: "C0", retryAfterSeconds: 2 });
    const result = await runCli(["tick", "--at", AT], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("posted: 100 prompts");
    expect(result.stdout).toMatch(/retried by a later tick .*: 1\n\s+prompt:\d+:2026-03-23: ratelimited/);
    const others = posts(slack).filter((c) => c.args.channel !== "C0");
    expect(others).toHaveLength(100);
    // All of them before the limited channel's first Retry-After was over.
    const first = Math.min(...posts(slack).map((c) => c.at));
    expect(Math.max(...others.map((c) => c.at)) - first).toBeLessThan(2_000);
    expectExactlyOnce(keys.slice(1));
  });
});
