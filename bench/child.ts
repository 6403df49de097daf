// Runs each measured app in a process of its own, so its RSS is the app's and not the benchmark's.
import { type ChildProcess, fork } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startFlags } from "./runtime-flags.js";

/** Messages a child sends its parent over IPC. */
export type ChildMessage =
  | { type: "ready"; port: number }
  | { type: "result"; result: unknown }
  | { type: "failed"; message: string };

export interface AppProcess {
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/**
 * Forks bench/<entry>.js with `options`, and resolves once it listens. Its output goes to `logPath`. Every
 * app (the bot and bare Bolt alike) runs with npm start's node flags, its heap cap among them.
 */
export async function startAppProcess(entry: string, options: unknown, logPath: string): Promise<AppProcess> {
  const child = spawnChild(entry, options, logPath, [...startFlags(), ...profileFlags(entry)]);
  const message = await nextMessage(child, logPath, START_TIMEOUT_MS);
  if (message.type !== "ready") throw childError(entry, message, logPath);
  return {
    pid: child.pid ?? 0,
    port: message.port,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.connected) child.send({ type: "stop" });
      else child.kill();
      await exited;
    },
  };
}

/** Forks bench/<entry>.js (with node flags `execArgv`), which does one job and reports its result. */
export async function runTaskProcess<T>(
  entry: string,
  options: unknown,
  logPath: string,
  execArgv: string[] = [],
): Promise<T> {
  const child = spawnChild(entry, options, logPath, execArgv);
  const message = await nextMessage(child, logPath, Number.POSITIVE_INFINITY);
  await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
  if (message.type !== "result") throw childError(entry, message, logPath);
  return message.result as T;
}

/**
 * BENCH_CPU_PROFILE=<dir>: each app process writes a V8 CPU profile there when it stops (open it in
 * Chrome's DevTools, or summarise it with scripts/profile-summary.mjs): where a hot path's time goes.
 */
function profileFlags(entry: string): string[] {
  const dir = process.env.BENCH_CPU_PROFILE;
  return dir
    ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${entry}-${Date.now()}.cpuprofile`]
    : [];
}

function spawnChild(entry: string, options: unknown, logPath: string, execArgv: string[] = []): ChildProcess {
  const log = openSync(logPath, "a");
  try {
    const script = fileURLToPath(new URL(`./${entry}.js`, import.meta.url));
    return fork(script, [JSON.stringify(options)], { stdio: ["ignore", log, log, "ipc"], execArgv });
  } finally {
    closeSync(log);
  }
}

function nextMessage(child: ChildProcess, logPath: string, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve) => {
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          child.kill();
          resolve({ type: "failed", message: `no answer within ${timeoutMs / 1000} s` });
        }, timeoutMs)
      : undefined;
    const done = (message: ChildMessage) => {
      clearTimeout(timer);
      child.off("message", done);
      child.off("exit", exited);
      resolve(message);
    };
    const exited = (code: number | null) =>
      done({ type: "failed", message: `exited with code ${code} (${logPath})` });
    child.on("message", done);
    child.once("exit", exited);
  });
}

function childError(entry: string, message: ChildMessage, logPath: string): Error {
  const reason = message.type === "failed" ? message.message : `unexpected message ${message.type}`;
  return new Error(`${entry}: ${reason}\n--- last lines of ${logPath} ---\n${tail(logPath)}`);
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
