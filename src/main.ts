import { startBot } from "./bot.js";
import { ConfigError, loadConfig, loadDotEnv } from "./config.js";
import { DataDirectoryInUseError } from "./db/directory-lock.js";
import { createLogger } from "./logger.js";

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const bot = await startBot(config, { logger });

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
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((err: unknown) => {
  // Problems a person can fix get a plain message; anything else gets the whole error.
  if (err instanceof ConfigError || err instanceof DataDirectoryInUseError) console.error(err.message);
  else console.error("The bot could not start:", err);
  process.exit(1);
});
