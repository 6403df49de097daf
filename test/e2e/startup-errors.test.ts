// What an operator sees when the bot cannot start for a reason they can fix: one plain sentence that says
// what to do, never a stack trace. Each case runs the real process, `node dist/main.js`.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botEnv, runBotToExit } from "../support/bot-process.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { useFakeSlack } from "../support/fixture.js";
import { freePort } from "../support/ports.js";

const slack = useFakeSlack();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlops-startup-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>) {
  const run = await runBotToExit({ cwd: dir, env: { ...botEnv(slack, dir, await freePort()), ...env } });
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
  it("says to create a database that does not exist", async () => {
    const url = onTheTestServer((u) => {
      u.pathname = "/doesnotexist";
    });
    const stderr = await start({ DATABASE_URL: url });
    expectOnePlainSentence(stderr);
    expect(stderr).toContain("The database in DATABASE_URL does not exist");
    expect(stderr).toContain("createdb doesnotexist");
  });

  it("says to put a user name in a URL that has none", async () => {
    const url = onTheTestServer((u) => {
      u.username = "";
      u.password = "";
    });
    // Without USER or PGUSER in its environment, Postgres gets no user name at all (as in a container).
    const stderr = await start({ DATABASE_URL: url });
    expectOnePlainSentence(stderr);
    expect(stderr).toContain("DATABASE_URL names no user");
    expect(stderr).toContain("postgres://USER:PASSWORD@HOST:5432/DATABASE");
  });

  it("says the user is unknown to the server", async () => {
    const url = onTheTestServer((u) => {
      u.username = "nobody_here";
    });
    const stderr = await start({ DATABASE_URL: url });
    expectOnePlainSentence(stderr);
    expect(stderr).toContain("Postgres refused the user in DATABASE_URL (postgres://nobody_here@");
    expect(stderr).toContain('role "nobody_here" does not exist');
  });
});

describe("on any database", () => {
  it("says the port is taken", async () => {
    const taken = await listenOnSomePort();
    try {
      const stderr = await start({ PORT: String(taken.port) });
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
