// The child side of bench/child.ts: options arrive as JSON in argv, answers go back over IPC.
import type { ChildMessage } from "./child.js";

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else resolve();
  });
}

function options<T>(): T {
  return JSON.parse(process.argv[2] ?? "{}") as T;
}

// The parent going away (Ctrl-C, crash) closes the IPC channel: never outlive it.
process.on("disconnect", () => process.exit(0));

/** Starts an app, reports its port, and stops it cleanly when the parent says so. */
export function serveApp<T>(start: (options: T) => Promise<{ port: number; stop(): Promise<void> }>): void {
  start(options<T>()).then(
    async (app) => {
      process.on("message", async (message: { type?: string }) => {
        if (message.type !== "stop") return;
        await app.stop().catch((err: unknown) => console.error("stop failed", err));
        process.exit(0);
      });
      await send({ type: "ready", port: app.port });
    },
    async (err: unknown) => {
      console.error(err);
      await send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
}

/** Runs one job and reports its result, then exits. */
export function runTask<T>(task: (options: T) => Promise<unknown>): void {
  task(options<T>()).then(
    async (result) => {
      await send({ type: "result", result });
      process.exit(0);
    },
    async (err: unknown) => {
      console.error(err);
      await send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
}
