import { type RunningBot, startBot } from "./bot.js";
import { type Config, loadConfig, loadDotEnv, wantsPlayground } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { describeStartupError } from "./startup-errors.js";

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  loadDotEnv();
  if (process.argv.includes("--playground") || wantsPlayground()) return playground();
  let config: Config | undefined;
  try {
    config = loadConfig();
    const logger = createLogger(config.logLevel);
    // A library promise nobody awaits (Bolt reads request bodies that way) must not take every team down.
    process.on("unhandledRejection", (err) =>
      logger.error({ err }, "unhandled promise rejection; still running"),
    );
    stopOnSignals(await startBot(config, { logger }), logger);
  } catch (err) {
    // Problems a person can fix get a plain message; anything else gets the whole error.
    console.error(describeStartupError(err, config?.databaseUrl) ?? err);
    process.exit(1);
  }
}

/** The local playground (src/playground/): loaded only when asked for, so the bot never carries it. */
async function playground(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL === "silent" ? "silent" : "warn");
  try {
    const { startPlayground } = await import("./playground/start.js");
    const running = await startPlayground({ logger, env: process.env });
    console.log(`MLOps bot playground (local, no Slack needed): ${running.url}`);
    if (process.env.DATABASE_URL?.trim())
      console.log(
        `DATABASE_URL is set, but the playground never uses it: it keeps its own data in ${running.dataDir}.`,
      );
    // The playground logs only warnings: without this line, Ctrl-C would end it without a word.
    stopOnSignals(running, logger, `Playground stopped; its teams and answers stay in ${running.dataDir}.`);
  } catch (err) {
    console.error(describeStartupError(err, undefined) ?? err);
    process.exit(1);
  }
}

function stopOnSignals(bot: RunningBot, logger: Logger, farewell?: string): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took longer than 10 s; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await bot.stop();
    logger.info("stopped cleanly");
    if (farewell) console.log(farewell);
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

void main();
