// node-cron calls tick once a minute; nothing else lives here. Schedules live in Postgres.
import cron, { type Logger as CronLogger } from "node-cron";
import type { Deps } from "../deps.js";
import type { Logger } from "../logger.js";
import { ChannelPacer } from "./pacer.js";
import { tick } from "./tick.js";

export interface SchedulerOptions {
  /** One run at `now`, to stop posting soon after `signal` aborts; tick with one pacer for the process's life. */
  run?: (now: Date, signal: AbortSignal) => Promise<unknown>;
  /** Defaults to every minute; tests use a seconds field. */
  expression?: string;
}

export interface Scheduler {
  /** No new ticks; an in-flight one stops posting, gives back what it claimed, and is awaited. */
  stop(): Promise<void>;
}

export function startScheduler(deps: Deps, options: SchedulerOptions = {}): Scheduler {
  const logger = deps.logger.child({ component: "scheduler" });
  const pacer = new ChannelPacer();
  const run = options.run ?? ((now, signal) => tick(deps, now, { pacer, signal }));
  const stopping = new AbortController();
  let inFlight: Promise<void> | undefined;
  const task = cron.schedule(
    options.expression ?? "* * * * *",
    async () => {
      // A failed tick (say, the database is down) is logged; the next minute tries again from scratch.
      inFlight = run(deps.clock(), stopping.signal).then(
        () => {},
        (err: unknown) => logger.error({ err }, "tick failed; the next one starts over"),
      );
      await inFlight;
    },
    { name: "mlops-tick", noOverlap: true, logger: cronLogger(logger) },
  );
  logger.info("scheduler started: ticking every minute");
  return {
    stop: async () => {
      await task.stop();
      stopping.abort();
      await inFlight;
      await task.destroy();
    },
  };
}

function cronLogger(logger: Logger): CronLogger {
  const log =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string | Error, err?: Error): void => {
      if (message instanceof Error) logger[level]({ err: message }, "node-cron");
      else if (err) logger[level]({ err }, message);
      else logger[level](message);
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
