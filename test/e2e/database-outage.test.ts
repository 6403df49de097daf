import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/connect.js";
import { BUSY_TEXT, SLOW_TEXT, UNAVAILABLE_TEXT } from "../../src/slack/failure-reply.js";
import { useBot, useDatabase } from "../support/fixture.js";
import { replyOf } from "../support/harness.js";
import { capturingLogger, silentLogger } from "../support/logger.js";
import { installThroughRoutes, OAUTH_ENV } from "../support/oauth.js";
import { TcpProxy, viaProxy } from "../support/tcp-proxy.js";

// An outage needs a database behind a network connection; the embedded one has none to cut.
const realPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe.runIf(realPostgres)("when the database is down", () => {
  const server = useDatabase();
  let proxy: TcpProxy;
  // The bot reaches the database through the proxy, so that the test can cut the connection.
  let database: DatabaseHandle;

  beforeAll(async () => {
    const target = new URL(server.handle.url ?? "");
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    database = await openDatabase({
      databaseUrl: viaProxy(server.handle.url ?? "", proxy),
      dataDir: "",
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await database?.close();
    await proxy?.stop();
  });
  const log = capturingLogger("warn");
  const bot = useBot({ database: () => database, logger: log.logger });
  const logged = (from: number) =>
    log
      .lines()
      .slice(from)
      .map((l) => String(l.msg));
  // A distributed app on the same database: its requests need their installation before any listener runs.
  const oauthBot = useBot({ database: () => database, env: OAUTH_ENV });

  it.each(["refuse", "blackhole"] as const)(
    "acks a command within 3 s with the unavailable message (%s)",
    async (mode) => {
      proxy.set(mode);
      const started = Date.now();
      const reply = await replyOf(await bot.command("status"));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(reply.response_type).toBe("ephemeral");
      expect(reply.text).toBe(UNAVAILABLE_TEXT);
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    },
  );

  it("answers within 2 s, not Slack's 3, while the teams table is locked: slow or busy, never 'cannot reach'", async () => {
    proxy.set("forward");
    const locker = new pg.Client({ connectionString: server.handle.url });
    await locker.connect();
    const from = log.lines().length;
    try {
      await locker.query("begin");
      await locker.query("lock table ml_teams in access exclusive mode");
      const timings = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const started = Date.now();
          const reply = await replyOf(await bot.command("status"));
          return { ms: Date.now() - started, text: reply.text };
        }),
      );
      // Ten hold the pool's connections, their statements blocked by the lock until the server cancels them:
      // the database answers, slowly. The other ten wait for a connection: those that arrived with the first
      // get none within their time (busy: test/slack/failure-reply.test.ts), those a few ms later get one freed
      // by a cancel and are slow too. Which of the two is timing; never "cannot reach".
      const texts = timings.map((t) => t.text);
      expect(texts).toContain(SLOW_TEXT);
      for (const { ms, text } of timings) {
        expect([SLOW_TEXT, BUSY_TEXT]).toContain(text);
        expect(ms).toBeLessThan(2_000);
      }
    } finally {
      await locker.query("rollback");
      await locker.end();
    }
    const lines = logged(from);
    expect(lines).toContain(
      "database slow: a statement ran past the request's time and was cancelled on the server",
    );
    expect(lines).not.toContain("database unavailable");
    expect((await replyOf(await bot.command("status"))).text).not.toBe(UNAVAILABLE_TEXT);
  });

  it("says 'cannot reach its database', and logs it so, when the server does not answer at all", async () => {
    const from = log.lines().length;
    proxy.set("blackhole");
    const reply = await replyOf(await bot.command("status"));
    expect(reply.text).toBe(UNAVAILABLE_TEXT);
    expect(logged(from)).toEqual(["database unavailable"]);
    proxy.set("forward");
  });

  it("recovers by itself once the database is back", async () => {
    proxy.set("refuse");
    expect((await replyOf(await bot.command("status"))).text).toBe(UNAVAILABLE_TEXT);
    proxy.set("forward");
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
    expect((await replyOf(await bot.command("status"))).text).not.toBe(UNAVAILABLE_TEXT);
  });

  it.each(["refuse", "blackhole"] as const)(
    "in OAuth mode, says it is unavailable within 3 s when the installation cannot be read (%s)",
    async (mode) => {
      proxy.set("forward");
      await installThroughRoutes(oauthBot, { teamId: "T9OUT", userId: "UOUT" });
      proxy.set(mode);
      const before = oauthBot.slack.responses.length;
      const started = Date.now();
      const res = await oauthBot.command("status", { actor: { teamId: "T9OUT", userId: "UOUT" } });
      expect(res.status).toBe(200);
      await expect.poll(() => oauthBot.slack.responses.length, { timeout: 3_000 }).toBe(before + 1);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(oauthBot.slack.responses.at(-1)?.body).toEqual({
        response_type: "ephemeral",
        text: UNAVAILABLE_TEXT,
      });
      proxy.set("forward");
    },
  );
});
