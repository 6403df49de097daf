// The real bot, started the way main.ts starts it (loadConfig → startBot), in a process of its own.
import { startBot } from "../src/bot.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import type { BotServerOptions } from "./apps.js";
import { serveApp } from "./child-main.js";

serveApp<BotServerOptions>(async ({ env, clockAt }) => {
  const config = loadConfig(env);
  const at = new Date(clockAt);
  // The minute tick stays off here: it is measured on its own, and would land in random load windows.
  const bot = await startBot(config, {
    logger: createLogger(config.logLevel),
    clock: () => at,
    webApi: { retries: 0 },
    scheduler: false,
  });
  return { port: bot.port, stop: bot.stop };
});
