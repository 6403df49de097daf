import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, wantsPlayground } from "../src/config.js";

const minimal = { SLACK_SIGNING_SECRET: "s3cret-value", SLACK_BOT_TOKEN: "xoxb-123-abc" };

describe("loadConfig", () => {
  it("applies defaults for everything but the two Slack secrets", () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: "./.data",
      logLevel: "info",
      slack: { apiUrl: "https://slack.com/api/", appToken: undefined },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("lists every problem at once and points to the README", () => {
    const error = captureError(() => loadConfig({ PORT: "eighty" }));
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(error.message).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(error.message).toMatch(/PORT/);
    expect(error.message).toMatch(/Connecting to Slack" in README\.md/);
    expect(error.message).toContain("npm run playground");
  });

  it("opens the playground only with no Slack setting at all, and never in production", () => {
    expect(wantsPlayground({})).toBe(true);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: " ", PORT: "3000" })).toBe(true);
    expect(wantsPlayground({ NODE_ENV: "production" })).toBe(false);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: "xoxb-1" })).toBe(false);
    expect(wantsPlayground({ SLACK_SIGNING_SECRET: "s" })).toBe(false);
    expect(wantsPlayground({ SLACK_APP_TOKEN: "xapp-1" })).toBe(false);
  });

  it("never echoes a secret value back", () => {
    const error = captureError(() =>
      loadConfig({ ...minimal, SLACK_BOT_TOKEN: "xoxp-user-token-value", SLACK_APP_TOKEN: "bad-app-token" }),
    );
    expect(error.problems).toHaveLength(2);
    expect(error.message).not.toContain("xoxp-user-token-value");
    expect(error.message).not.toContain("bad-app-token");
  });

  it("treats empty optional variables as unset and normalises the API URL", () => {
    const config = loadConfig({
      ...minimal,
      DATABASE_URL: "",
      SLACK_APP_TOKEN: "",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.slack.appToken).toBeUndefined();
    expect(config.slack.apiUrl).toBe("http://127.0.0.1:9/api/");
  });

  it("asks each command only for what it uses", () => {
    const onlyToken = { SLACK_BOT_TOKEN: "xoxb-123-abc" };
    expect(loadConfig(onlyToken, "tick").slack.botToken).toBe("xoxb-123-abc");
    expect(loadConfig({}, "database").dataDir).toBe("./.data");
    expect(captureError(() => loadConfig({}, "tick")).problems).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required/),
    ]);
    expect(captureError(() => loadConfig(onlyToken)).problems).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required/),
    ]);
  });

  it("reads the outbox lease and whether to run the scheduler", () => {
    expect(loadConfig(minimal)).toMatchObject({ deliveryLeaseSeconds: 120, scheduler: true });
    const set = loadConfig({ ...minimal, DELIVERY_LEASE_SECONDS: "30", SCHEDULER: "off" });
    expect(set).toMatchObject({ deliveryLeaseSeconds: 30, scheduler: false });
    const error = captureError(() =>
      loadConfig({ ...minimal, DELIVERY_LEASE_SECONDS: "1", SCHEDULER: "sometimes" }),
    );
    expect(error.problems).toEqual([
      "DELIVERY_LEASE_SECONDS must be at least 4 seconds",
      "SCHEDULER must be on or off",
    ]);
  });

  it.each(["abc", "80.5", "-1", "65536", "3000x"])("says what PORT must be when it is %j", (port) => {
    const error = captureError(() => loadConfig({ ...minimal, PORT: port }));
    expect(error.problems).toEqual(["PORT must be a whole number from 0 to 65535, such as 3000"]);
  });

  it("reads PORT as a number, and an empty PORT as unset", () => {
    expect(loadConfig({ ...minimal, PORT: " 8080 " }).port).toBe(8080);
    expect(loadConfig({ ...minimal, PORT: "" }).port).toBe(3000);
  });

  it("rejects a database URL that is not Postgres", () => {
    expect(() => loadConfig({ ...minimal, DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
  });
});

function captureError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
