// Deps for tests that call the scheduler or services directly, built by the product's own createDeps.
import type { Kysely } from "kysely";
import { type Config, loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/schema.js";
import { createDeps, type Deps } from "../../src/deps.js";
import type { FakeSlack } from "../../src/fake-slack/server.js";
import type { Logger } from "../../src/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { silentLogger } from "./logger.js";
import { TEST_SIGNING_SECRET } from "./signing.js";

/** The bot's configuration against the fake Slack; `env` adds settings (DELIVERY_LEASE_SECONDS, …). */
export function testConfig(slack: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig({
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: "silent",
    ...env,
  });
}

export function testDeps(
  db: Kysely<Database>,
  slack: FakeSlack,
  logger: Logger = silentLogger(),
  env: Record<string, string> = {},
): Deps {
  // Few retries, quickly: the tests that fail a post want to see it fail, not wait for it.
  return createDeps(
    testConfig(slack, env),
    { db, logger },
    { webApi: { retries: 1, minRetryDelayMs: 10, timeoutMs: 5_000 } },
  );
}

/** What a service needs: the database, and a clock stopped at `now`. */
export function serviceContext(db: Kysely<Database>, now: string): ServiceContext {
  return { db, clock: () => new Date(now) };
}
