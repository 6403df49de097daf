import { existsSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type BotProcess, botEnv as envFor, runBotToExit, startBotProcess } from "../support/bot-process.js";
import { useFakeSlack, useScratchFolder } from "../support/fixture.js";
import { FORM } from "../support/harness.js";
import { slashCommand } from "../support/payloads.js";
import { freePort } from "../support/ports.js";
import { signedHeaders } from "../support/signing.js";

// The bot as a new user runs it: `node dist/main.js` with only the Slack settings, on the embedded database.
const slack = useFakeSlack();
const scratch = useScratchFolder("mlops-bot-");

describe("node dist/main.js", () => {
  it("in production, exits with one clear message when it has no configuration at all", async () => {
    const run = await runToExit({ NODE_ENV: "production" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("SLACK_SIGNING_SECRET is required");
    expect(run.stderr).toContain("SLACK_BOT_TOKEN is required");
    expect(run.stderr).toContain('"Connecting to Slack" in README.md');
    expect(run.stderr).toContain("npm run playground");
  });

  it("with some Slack settings but not all, still exits with the message, outside production too", async () => {
    const run = await runToExit({ SLACK_BOT_TOKEN: "xoxb-only-this" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("SLACK_SIGNING_SECRET is required");
    expect(run.stderr).toContain("npm run playground");
  });

  it("with no Slack settings outside production, opens the playground on loopback and prints one line", async () => {
    const port = await freePort();
    const playground = await startBotProcess({
      cwd: scratch.path,
      env: { PORT: String(port) },
      readyText: "playground",
    });
    try {
      expect(playground.output().trim()).toBe(
        `MLOps bot playground (local, no Slack needed): http://localhost:${port}/`,
      );
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Nothing here reaches Slack");
      expect(existsSync(join(scratch.path, ".data/playground"))).toBe(true);
      // Loopback only: another address of this machine is refused.
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((a) => a?.family === "IPv4" && !a.internal)?.address;
      if (outside) await expect(fetch(`http://${outside}:${port}/`)).rejects.toThrow();
    } finally {
      expect(await playground.stop("SIGTERM")).toBe(0);
    }
    expect(playground.output()).not.toContain('"level":50');
    expect(playground.output()).toContain(
      "Playground stopped; its teams and answers stay in .data/playground.",
    );
  });

  it("says that the playground leaves a DATABASE_URL alone, and starts without reaching it", async () => {
    const port = await freePort();
    const playground = await startBotProcess({
      cwd: scratch.path,
      env: { PORT: String(port), DATABASE_URL: "postgres://nobody@127.0.0.1:1/nowhere" },
      readyText: "playground",
    });
    try {
      await expect
        .poll(() => playground.output())
        .toContain("DATABASE_URL is set, but the playground never uses it");
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      expect(await playground.stop("SIGINT")).toBe(0);
    }
  });

  it("says so plainly when the database cannot be reached", async () => {
    const url = `postgres://bot:hunter2@127.0.0.1:${await freePort()}/mlops`;
    const run = await runToExit({ ...botEnv(), DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Could not reach the database at postgres:\/\/bot:\[redacted\]@127\.0\.0\.1:\d+\/mlops \(connect ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain("hunter2");
  });

  // From here on, one data directory through a bot's life, in order: a start Slack refuses, a bot that
  // serves (started once, for every test that only sends it requests or reads what it printed), its stop,
  // and a replica's start on the same data.
  it("says so plainly when Slack refuses the token, and leaves the data directory free", async () => {
    const restore = slack.fail("auth.test", "invalid_auth");
    try {
      const run = await runToExit(botEnv());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Slack refused SLACK_BOT_TOKEN (invalid_auth)");
      expect(run.stderr).not.toContain("xoxb-process-test");
    } finally {
      restore();
    }
    const bot = await startProcess(); // no lock was left behind
    expect(await bot.stop("SIGTERM")).toBe(0);
  });

  describe("with three settings, on data a previous start left", () => {
    let bot: BotProcess;
    beforeAll(async () => {
      bot = await startProcess();
    });
    afterAll(() => {
      if (bot?.child.exitCode === null) bot.child.kill("SIGKILL"); // a test failed before it stopped the bot
    });

    it("starts, and answers /mlops help", async () => {
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
    });

    it("runs the minute tick by default", () => {
      expect(bot.output()).toContain("scheduler started: ticking every minute");
      expect(bot.output()).toContain('"scheduler":"on"');
    });

    it("answers a signed payload=null with 400 at once, says why in one warning, and keeps serving", async () => {
      const body = "payload=null";
      const res = await fetch(`${bot.url}/slack/events`, {
        method: "POST",
        body,
        headers: signedHeaders(body, FORM),
        signal: AbortSignal.timeout(1_000),
      });
      expect(res.status).toBe(400);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      // Over everything the bot printed since it started: this is its only warning. Its line may reach this
      // process a moment after the answer did (they travel by different pipes).
      const warnings = () =>
        bot
          .output()
          .split("\n")
          .filter((line) => /"level":"(warn|error|fatal)"/.test(line));
      await vi.waitFor(() => expect(warnings().length).toBeGreaterThan(0), { timeout: 5_000 });
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toContain("payload is not a JSON object");
      expect(bot.output()).not.toContain("unhandled promise rejection");
    });

    it("reuses the same data on a second start, and refuses a second process on the same data", async () => {
      expect(bot.output()).not.toContain("database migrated"); // migrated by the start before it
      const second = await runToExit(botEnv());
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/already in use by process \d+/);
      expect(second.stderr).toContain("set DATABASE_URL to use Postgres");
    });

    it("stops cleanly on SIGTERM", async () => {
      expect(await bot.stop("SIGTERM")).toBe(0);
    });
  });

  it("runs no minute tick with SCHEDULER=off (a replica that serves Slack only), and stops on SIGINT", async () => {
    const serving = await startProcess({ SCHEDULER: "off" });
    try {
      expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await serving.stop("SIGINT")).toBe(0);
    }
    expect(serving.output()).toContain('"scheduler":"off"');
    expect(serving.output()).not.toContain("scheduler started");
  });
});

const botEnv = () => envFor(slack, scratch.path);
const runToExit = (env: Record<string, string>) => runBotToExit({ cwd: scratch.path, env });
const startProcess = async (env: Record<string, string> = {}) =>
  startBotProcess({ cwd: scratch.path, env: { ...botEnv(), ...env } });
