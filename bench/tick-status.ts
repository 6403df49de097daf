// /mlops status while the Monday tick runs: the same status load on the bot, first on its own, then while a
// tick process works through the organisation on the same Postgres.
import { join } from "node:path";
import { startAppProcess } from "./child.js";
import type { LoadFigures } from "./load.js";
import { botServerOptions, isStatusReply, type StatusBenchOptions, statusLoad } from "./status-bench.js";
import { measureTick, type TickRun } from "./tick-bench.js";

export interface StatusDuringTick {
  connections: number;
  quiet: LoadFigures;
  duringTick: LoadFigures;
  tick: Pick<TickRun, "label" | "wallMs" | "messages" | "queries">;
  /** The same tick on an identical copy, with no status load. */
  tickAloneMs: number;
}

/**
 * `options.databaseUrl` is where the bot and the measured tick run; `rehearsalUrl`, an identical copy, takes a
 * first tick alone whose wall time sets the length of the status load run alongside the measured one, so that
 * the figures are those of the tick, not diluted by quiet seconds.
 */
export async function measureStatusDuringTick(
  options: StatusBenchOptions & { tickAt: Date; rehearsalUrl: string },
): Promise<StatusDuringTick> {
  const connections = options.connections.at(-1) ?? 50;
  const app = await startAppProcess(
    "bot-server",
    botServerOptions(options),
    join(options.logDir, "bot-tick-status.log"),
  );
  try {
    const tickOn = (databaseUrl: string, label: string) =>
      measureTick({
        label,
        databaseUrl,
        slack: options.slack,
        at: options.tickAt,
        paced: false,
        logDir: options.logDir,
      });
    const rehearsal = await tickOn(options.rehearsalUrl, "Monday tick alone (its length)");
    const seconds = Math.max(1, Math.ceil(rehearsal.wallMs / 1000));
    const load = statusLoad(options, isStatusReply);
    const url = `http://127.0.0.1:${app.port}`;
    console.log(`  status, ${connections} connections, warming up, then ${seconds} s on its own…`);
    await load(url, 10, options.warmupSeconds);
    const quiet = await load(url, connections, seconds);
    console.log(`  status, ${connections} connections, for ${seconds} s from the tick's start…`);
    const [duringTick, tick] = await Promise.all([
      load(url, connections, seconds),
      tickOn(options.databaseUrl, "Monday tick under status load"),
    ]);
    return {
      connections,
      quiet,
      duringTick,
      tick: { label: tick.label, wallMs: tick.wallMs, messages: tick.messages, queries: tick.queries },
      tickAloneMs: rehearsal.wallMs,
    };
  } finally {
    await app.stop();
  }
}

export function statusDuringTickLines(run: StatusDuringTick): string[] {
  const line = (what: string, f: LoadFigures) =>
    `  ${what}: ${f.reqPerSec.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, ${f.errors} errors`;
  return [
    line(`status alone, ${run.connections} conns`, run.quiet),
    line(`status during the tick, ${run.connections} conns`, run.duringTick),
    `  the tick meanwhile: ${(run.tick.wallMs / 1000).toFixed(2)} s (alone: ${(run.tickAloneMs / 1000).toFixed(2)} s), ${run.tick.messages} messages, ${run.tick.queries} queries; status load as long as the tick alone`,
  ];
}
