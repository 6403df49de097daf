import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFakeSlack } from "../support/fixture.js";
import { FORM } from "../support/harness.js";
import { slashCommand } from "../support/payloads.js";
import { freePort } from "../support/ports.js";
import { signedHeaders, TEST_SIGNING_SECRET } from "../support/signing.js";

// The bot as a new user runs it: `node dist/main.js` with only the Slack settings, on the embedded database.
// It runs from an empty folder so that a developer's own .env cannot leak into the test.
const MAIN = resolve("dist/main.js");
const slack = useFakeSlack();
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "mlops-bot-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("node dist/main.js", () => {
  it("exits with one clear message when it has no configuration at all", async () => {
    const run = await runToExit({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("SLACK_SIGNING_SECRET is required");
    expect(run.stderr).toContain("SLACK_BOT_TOKEN is required");
    expect(run.stderr).toContain('"Connecting to Slack" in README.md');
  });

  it("starts with three settings, answers /mlops help, and stops cleanly on SIGTERM", async () => {
    const bot = await startProcess();
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      const body = new URLSearchParams({ ...slashCommand("help") } as Record<string, string>).toString();
      const res = await fetch(`${bot.url}/slack/events`, {
        method: "POST",
        body,
        headers: signedHeaders(body, FORM),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { text: string }).text).toContain("/mlops help");
    } finally {
      expect(await bot.stop("SIGTERM")).toBe(0);
    }
  });

  it("runs the minute tick by default, and none with SCHEDULER=off (a replica that serves Slack only)", async () => {
    const ticking = await startProcess();
    expect(await ticking.stop("SIGTERM")).toBe(0);
    expect(ticking.output()).toContain("scheduler started: ticking every minute");
    expect(ticking.output()).toContain('"scheduler":"on"');
    const serving = await startProcess({ SCHEDULER: "off" });
    try {
      expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await serving.stop("SIGTERM")).toBe(0);
    }
    expect(serving.output()).toContain('"scheduler":"off"');
    expect(serving.output()).not.toContain("scheduler started");
  });

  it("says so plainly when Slack refuses the token, and leaves the data directory free", async () => {
    const restore = slack.fail("auth.test", "invalid_auth");
    try {
      const run = await runToExit(botEnv(await freePort()));
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Slack refused SLACK_BOT_TOKEN (invalid_auth)");
      expect(run.stderr).not.toContain("xoxb-process-test");
    } finally {
      restore();
    }
    const bot = await startProcess(); // no lock was left behind
    expect(await bot.stop("SIGTERM")).toBe(0);
  });

  it("says so plainly when the database cannot be reached", async () => {
    const url = `postgres://bot:hunter2@127.0.0.1:${await freePort()}/mlops`;
    const run = await runToExit({ ...botEnv(await freePort()), DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Could not reach the database at postgres:\/\/bot:\[redacted\]@127\.0\.0\.1:\d+\/mlops \(connect ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain("hunter2");
  });

  it("keeps serving after a signed request whose body Bolt cannot handle", async () => {
    const bot = await startProcess();
    try {
      const body = "payload=null";
      const res = await fetch(`${bot.url}/slack/events`, {
        method: "POST",
        body,
        headers: signedHeaders(body, FORM),
        signal: AbortSignal.timeout(1_000),
      }).catch(() => undefined); // Bolt never answers this one; what matters is that the bot survives
      expect(res?.status ?? 0).not.toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect(bot.output()).toContain("unhandled promise rejection; still running");
    } finally {
      expect(await bot.stop("SIGTERM")).toBe(0);
    }
  });

  it("reuses the same data on a second start, and refuses a second process on the same data", async () => {
    const first = await startProcess();
    try {
      expect(first.output()).not.toContain("database migrated"); // migrated by the previous test's run
      const second = await runToExit(botEnv(await freePort()));
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/already in use by process \d+/);
      expect(second.stderr).toContain("set DATABASE_URL to use Postgres");
    } finally {
      expect(await first.stop("SIGINT")).toBe(0);
    }
  });
});

function botEnv(port: number): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-process-test",
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    DATA_DIR: join(dataDir, "data"),
  };
}

async function startProcess(env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: dataDir,
    env: { PATH: process.env.PATH ?? "", ...botEnv(port), ...env },
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  await waitFor(() => output.includes('"bot started"') || child.exitCode !== null, 20_000);
  if (child.exitCode !== null) throw new Error(`bot exited early:\n${output}`);
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: (signal: NodeJS.Signals) => stopProcess(child, signal),
  };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the bot");
    await new Promise((r) => setTimeout(r, 50));
  }
}
