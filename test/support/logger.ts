import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/logger.js";

export function silentLogger(): Logger {
  return createLogger("silent");
}

/** A logger whose JSON lines are kept for assertions. */
export function capturingLogger(level = "debug"): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger(level, sink),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
