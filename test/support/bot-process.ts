// The built bot as a person runs it, `node dist/main.js` with npm start's node flags, in a folder of its own so that a developer's own
// .env cannot leak in; what it prints is kept for assertions.
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { startFlags } from "../../bench/runtime-flags.js";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import { TEST_SIGNING_SECRET } from "./signing.js";

export const MAIN = resolve("dist/main.js");
/** The node flags of npm start (and the Dockerfile), such as its heap cap. */
const START_FLAGS = startFlags();

export interface ProcessOptions {
  /** The working folder (and, under it, the default data directory). */
  cwd: string;
  env: Record<string, string>;
  /** What starts node, e.g. ["unshare", "-p", "-f", "--mount-proc"] to run it as PID 1; default nothing. */
  wrapper?: string[];
  /** What the process prints once it serves; default the bot's "bot started" log line. */
  readyText?: string;
  /** Arguments after dist/main.js. */
  args?: string[];
  /** More node flags, after npm start's (a benchmark's --cpu-prof). */
  nodeFlags?: string[];
}

export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves to the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * The settings a bot process needs to start against `slack`, with its embedded database under `dir`. PORT 0 by
 * default: the bot picks a free port and says which in "bot started" (a port chosen here beforehand could be
 * taken by another test file before the bot binds it).
 */
export function botEnv(slack: FakeSlack, dir: string, port = 0): Record<string, string> {
  return {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-process-test",
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    DATA_DIR: join(dir, "data"),
  };
}

/** Starts the bot and resolves once it says "bot started"; throws with its output if it exits first. */
export async function startBotProcess(options: ProcessOptions): Promise<BotProcess> {
  const child = spawnBot(options);
  const ready = options.readyText ?? '"bot started"';
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    // Generous: a first start initialises the embedded database, slow on a busy 2-core machine.
    await waitUntil(() => output.includes(ready) || child.exitCode !== null, 45_000);
  } finally {
    if (!output.includes(ready)) child.kill("SIGKILL"); // never leave a half-started bot behind
  }
  if (child.exitCode !== null) throw new Error(`bot exited early:\n${output}`);
  return {
    url: `http://127.0.0.1:${startedPort(output) ?? options.env.PORT}`,
    child,
    output: () => output,
    stop: (signal) => stopProcess(child, signal),
  };
}

/** The port in the bot's "bot started" log line (a JSON line). */
function startedPort(output: string): number | undefined {
  const line = output.split("\n").find((l) => l.includes('"bot started"'));
  const port = line ? (JSON.parse(line) as { port?: unknown }).port : undefined;
  return typeof port === "number" ? port : undefined;
}

/** Runs the bot until it exits by itself (a start-up error); resolves to its exit code and stderr. */
export function runBotToExit(options: ProcessOptions): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnBot(options);
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

function spawnBot({
  cwd,
  env,
  wrapper = [],
  args: after = [],
  nodeFlags = [],
}: ProcessOptions): ChildProcess {
  const [command, ...args] = wrapper.length > 0 ? [...wrapper, process.execPath] : [process.execPath];
  return spawn(command ?? process.execPath, [...args, ...START_FLAGS, ...nodeFlags, MAIN, ...after], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the bot");
    await new Promise((r) => setTimeout(r, 50));
  }
}
