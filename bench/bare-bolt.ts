// The framework's floor: a bare Bolt app over HTTP whose /mlops acks a constant. Same Bolt version,
// same receiver and signature checks as the bot, a single token (auth.test once, at start).
import { App, LogLevel } from "@slack/bolt";
import { BARE_REPLY, type BareBoltOptions } from "./apps.js";
import { serveApp } from "./child-main.js";

serveApp<BareBoltOptions>(async ({ signingSecret, token, slackApiUrl }) => {
  const app = new App({
    token,
    signingSecret,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl, retryConfig: { retries: 0 } },
  });
  app.command("/mlops", async ({ ack }) => {
    await ack(BARE_REPLY);
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return { port: server.address().port, stop: async () => void (await app.stop()) };
});
