// At the most talkative log level, an OAuth install, a token refresh and a command write every line an
// operator would ship to a log store: none of them may carry a configured secret or an issued token.
import { describe, expect, it } from "vitest";
import { useBot, useDatabase } from "../support/fixture.js";
import { setUpTeam } from "../support/flows.js";
import { capturingLogger } from "../support/logger.js";
import { ACME, installThroughRoutes, OAUTH_ENV } from "../support/oauth.js";
import { TEST_SIGNING_SECRET } from "../support/signing.js";

const logs = capturingLogger("trace");
const database = useDatabase();
const bot = useBot({ env: OAUTH_ENV, database: () => database.handle, logger: logs.logger });

describe("secrets in the logs at LOG_LEVEL=trace", () => {
  it("never writes the client secret, the state secret, the OAuth code or an issued token", async () => {
    // Token rotation on, so a refresh token is issued too.
    const res = await installThroughRoutes(bot, {
      teamId: ACME.actor.teamId,
      teamName: "Acme ML",
      userId: ACME.actor.userId,
      expiresIn: 43_200,
    });
    expect(res.status).toBe(200);
    await setUpTeam(bot, ACME, { name: "Models", respondents: [ACME.actor.userId], timeZone: "UTC" });

    const lines = logs.lines().map((line) => JSON.stringify(line));
    // The Web API client's own debug lines were written: the test looks where a secret would have leaked.
    expect(lines.some((line) => line.includes("oauth.v2.access"))).toBe(true);
    const secrets = {
      clientSecret: OAUTH_ENV.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH_ENV.SLACK_STATE_SECRET,
      encryptionKey: OAUTH_ENV.TOKEN_ENCRYPTION_KEY,
      signingSecret: TEST_SIGNING_SECRET,
      code: bot.slack.workspace.oauth.lastExchangedCode,
      ...Object.fromEntries(bot.slack.workspace.oauth.issuedSecrets().map((s, i) => [`issued ${i}`, s])),
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toBeTruthy();
      expect(
        lines.filter((line) => line.includes(String(secret))),
        `${name} appears in the log`,
      ).toEqual([]);
    }
  });
});
