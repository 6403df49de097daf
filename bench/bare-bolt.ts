// The framework's floor: a bare Bolt app over HTTP whose /mlops acks a constant (and which publishes a
// constant Home, and closes any modal submitted). Same Bolt version,
// same receiver and signature checks as the bot, a single token (auth.test once, at start).
import { App, LogLevel } from "@slack/bolt";
import { BARE_HOME, BARE_REPLY, type BareBoltOptions } from "./apps.js";
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
  // The floors of the other hot paths: publish a constant Home, and close any modal submitted.
  app.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({ user_id: event.user, view: BARE_HOME });
  });
  app.view(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return { port: server.address().port, stop: async () => void (await app.stop()) };
});
