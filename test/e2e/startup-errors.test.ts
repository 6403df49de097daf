// What an operator sees when the bot cannot start for a reason they can fix: one plain sentence that says
// what to do, never a stack trace. Each case runs the real process, `node dist/main.js`.
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { botEnv, runBotToExit } from "../support/bot-process.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";
import { PasswordRefusingPostgres } from "../support/password-postgres.js";
import { freePort } from "../support/ports.js";

const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-startup-");

async function start(env: Record<string, string>) {
  const run = await runBotToExit({
    cwd: scratch.path,
    env: { ...botEnv(slack, scratch.path), ...env },
  });
  expect(run.code).toBe(1);
  return run.stderr.trim();
}

function expectOnePlainSentence(stderr: string): void {
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Error:|\[cause\]/);
}

/** The configured server's URL with its user and database replaced. */
function onTheTestServer(change: (url: URL) => void): string {
  const url = new URL(TEST_DATABASE_URL ?? "");
  change(url);
  return url.toString();
}

describe.runIf(TEST_DATABASE_URL)("on a real Postgres", () => {
  // Without USER or PGUSER in the bot's environment, a URL without a user sends none (as in a container).
  it.each([
    [
      "says to create a database that does not exist",
      (u: URL) => {
        u.pathname = "/doesnotexist";
      },
      ["The database in DATABASE_URL does not exist", "createdb doesnotexist"],
    ],
    [
      "says to put a user name in a URL that has none",
      (u: URL) => {
        u.username = "";
        u.password = "";
      },
      ["DATABASE_URL names no user", "postgres://USER:PASSWORD@HOST:5432/DATABASE"],
    ],
    [
      "says the user is unknown to the server",
      (u: URL) => {
        u.username = "nobody_here";
      },
      [
        "Postgres refused the user in DATABASE_URL (postgres://nobody_here@",
        'role "nobody_here" does not exist',
      ],
    ],
  ])("%s", async (_what, change, expected) => {
    const stderr = await start({ DATABASE_URL: onTheTestServer(change) });
    expectOnePlainSentence(stderr);
    for (const text of expected) expect(stderr).toContain(text);
  });
});

describe("on any database", () => {
  it.each([
    ["over HTTP", {}],
    [
      "in Socket Mode, where PORT serves health checks and the install pages",
      { SLACK_APP_TOKEN: "xapp-1-A0MLOPS-test" },
    ],
  ])("says the port is taken, %s", async (_mode, env) => {
    const taken = await listenOnSomePort();
    try {
      const stderr = await start({ PORT: String(taken.port), ...env });
      expectOnePlainSentence(stderr);
      expect(stderr).toBe(
        `Port ${taken.port} is already in use by another program: stop that program, or set PORT to a free port.`,
      );
    } finally {
      taken.server.close();
    }
  });

  it("says what PORT must be", async () => {
    const stderr = await start({ PORT: "abc" });
    expect(stderr).toContain("PORT must be a whole number from 0 to 65535, such as 3000");
    expect(stderr).not.toContain("NaN");
  });

  it("says the password in DATABASE_URL is wrong, without printing it", async () => {
    const postgres = await new PasswordRefusingPostgres().start();
    try {
      const stderr = await start({ DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${postgres.port}/mlops` });
      expect(postgres.passwordsTried).toEqual(["hunter2"]);
      expectOnePlainSentence(stderr);
      expect(stderr).toBe(
        `Postgres refused the password of user "bot" in DATABASE_URL (postgres://bot:[redacted]@127.0.0.1:${postgres.port}/mlops): put the right one in DATABASE_URL, as in postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode any @, : or / in it).`,
      );
    } finally {
      await postgres.stop();
    }
  });

  it("names the unreachable database without its password, keeping user, host, port and database", async () => {
    const port = await freePort();
    const stderr = await start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nope` });
    expect(stderr).toContain(`Could not reach the database at postgres://postgres@127.0.0.1:${port}/nope (`);
  });
});

async function listenOnSomePort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}
