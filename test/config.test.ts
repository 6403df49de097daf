import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, wantsPlayground } from "../src/config.js";
import { useScratchFolder } from "./support/fixture.js";
import { TEST_APP_KEY } from "./support/github-webhooks.js";

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

  it("points GitHub and MLflow problems to the page that explains those settings", () => {
    const github = captureError(() => loadConfig({ ...minimal, GITHUB_APP_ID: "123" }));
    expect(github.message).toContain("see docs/evidence.md for the GitHub App.");
    expect(github.message).not.toContain("Connecting to Slack");
    const mlflow = captureError(() => loadConfig({ ...minimal, MLFLOW_TRACKING_TOKEN: "t" }));
    expect(mlflow.message).toContain("docs/mlflow.md for MLflow");
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

describe("loadConfig: the two modes", () => {
  const key = Buffer.alloc(32, 3).toString("base64");
  const oauth = {
    SLACK_SIGNING_SECRET: "s3cret-value",
    SLACK_CLIENT_ID: "1111.2222",
    SLACK_CLIENT_SECRET: "client-secret-value",
    SLACK_STATE_SECRET: "state-secret-value",
    TOKEN_ENCRYPTION_KEY: key,
  };

  it("runs as a distributed app with the client id, secret, state secret and key, and no bot token", () => {
    const config = loadConfig(oauth);
    expect(config.slack.botToken).toBeUndefined();
    expect(config.slack.oauth).toMatchObject({
      clientId: "1111.2222",
      clientSecret: "client-secret-value",
      stateSecret: "state-secret-value",
    });
    expect(config.slack.oauth?.tokenKeys.current).toEqual(Buffer.alloc(32, 3));
    expect(config.uninstallRetentionDays).toBe(30);
  });

  it("keeps single-workspace mode when only the bot token is set, with or without an encryption key", () => {
    for (const env of [minimal, { ...minimal, TOKEN_ENCRYPTION_KEY: key }]) {
      const config = loadConfig(env);
      expect(config.slack.botToken).toBe("xoxb-123-abc");
      expect(config.slack.oauth).toBeUndefined();
    }
  });

  it("refuses one MLflow for every workspace in OAuth mode, saying how to give each its own", () => {
    const error = captureError(() =>
      loadConfig({ ...oauth, MLFLOW_TRACKING_URI: "https://mlflow.example.com" }),
    );
    expect(error.problems).toEqual([
      "MLFLOW_TRACKING_URI is for a bot in one workspace, and the OAuth settings install the app in many: unset it and give each workspace its own with `npm run mlops -- evidence mlflow --workspace T… --uri …`",
    ]);
  });

  it("refuses both modes at once, saying to choose one", () => {
    const error = captureError(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: "xoxb-123-abc" }));
    expect(error.problems).toEqual([expect.stringMatching(/are both set: choose one mode/)]);
    // Present but wrong is not "incomplete": the heading says the configuration has problems.
    expect(error.message.split("\n")[0]).toBe("The bot cannot start because its configuration has problems:");
  });

  it("names every missing half of the OAuth settings, with where to find each", () => {
    const error = captureError(() => loadConfig({ SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_ID: "1111.2222" }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^SLACK_CLIENT_SECRET is required for a distributed app .*Client Secret/),
      expect.stringMatching(/^SLACK_STATE_SECRET is required .*random/),
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is required .*openssl rand -base64 32/),
    ]);
    expect(error.message).not.toContain("1111.2222");
  });

  it("refuses a key that is not 32 bytes of base64, without echoing it", () => {
    const error = captureError(() => loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY: "too-short-key" }));
    expect(error.problems).toEqual([expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 random bytes/)]);
    expect(error.message).not.toContain("too-short-key");
  });

  it("asks tick for the client id, secret and key (it refreshes tokens), not the state secret", () => {
    const { SLACK_SIGNING_SECRET: _s, SLACK_STATE_SECRET: _t, ...tickEnv } = oauth;
    const tick = loadConfig(tickEnv, "tick");
    expect(tick.slack.oauth).toEqual({
      clientId: "1111.2222",
      clientSecret: "client-secret-value",
      tokenKeys: { current: Buffer.alloc(32, 3), previous: undefined },
    });
    // Nothing the bot alone uses, not even empty: the tick's config cannot be mistaken for the bot's.
    expect(Object.keys(tick.slack).sort()).toEqual(["apiUrl", "botToken", "oauth"]);
    for (const setting of ["port", "scheduler", "readCacheEntries"]) expect(tick).not.toHaveProperty(setting);
    expect(Object.keys(loadConfig({}, "database")).sort()).toEqual(["dataDir", "databaseUrl", "logLevel"]);
    expect(captureError(() => loadConfig({ SLACK_CLIENT_ID: "1" }, "tick")).problems).toEqual([
      expect.stringMatching(/^SLACK_CLIENT_SECRET is required/),
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is required/),
    ]);
  });

  it("reads the previous key for rotate-key, and UNINSTALL_RETENTION_DAYS", () => {
    const previous = Buffer.alloc(32, 4).toString("base64");
    const config = loadConfig(
      { TOKEN_ENCRYPTION_KEY: key, TOKEN_ENCRYPTION_KEY_PREVIOUS: previous },
      "tokens",
    );
    expect(config.tokenKeys?.previous).toEqual(Buffer.alloc(32, 4));
    expect(loadConfig({ ...oauth, UNINSTALL_RETENTION_DAYS: "7" }).uninstallRetentionDays).toBe(7);
    expect(captureError(() => loadConfig({ ...oauth, UNINSTALL_RETENTION_DAYS: "-1" })).problems).toEqual([
      expect.stringMatching(/^UNINSTALL_RETENTION_DAYS must be 0 or more days/),
    ]);
  });
});

describe("GitHub settings", () => {
  const PEM = TEST_APP_KEY;
  const github = { GITHUB_APP_ID: "123", GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_WEBHOOK_SECRET: "hook-secret" };
  const folder = useScratchFolder("config-github");

  it("turns evidence from GitHub off when none is set", () => {
    expect(loadConfig(minimal).github).toBeUndefined();
  });

  it("reads all of them, with api.github.com by default and a key pasted on one line", () => {
    const oneLine = PEM.replace(/\n/g, "\\n");
    expect(loadConfig({ ...minimal, ...github, GITHUB_APP_PRIVATE_KEY: oneLine }).github).toEqual({
      appId: "123",
      privateKey: PEM,
      webhookSecret: "hook-secret",
      apiUrl: "https://api.github.com",
    });
    const enterprise = loadConfig({
      ...minimal,
      ...github,
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
    });
    expect(enterprise.github?.apiUrl).toBe("https://ghe.example.com/api/v3");
  });

  it("reads the private key from GITHUB_APP_PRIVATE_KEY_FILE", () => {
    const file = join(folder.path, "app.pem");
    writeFileSync(file, PEM);
    const { GITHUB_APP_PRIVATE_KEY: _, ...rest } = github;
    expect(loadConfig({ ...minimal, ...rest, GITHUB_APP_PRIVATE_KEY_FILE: file }).github?.privateKey).toBe(
      PEM,
    );
    const missing = captureError(() =>
      loadConfig({ ...minimal, ...rest, GITHUB_APP_PRIVATE_KEY_FILE: join(folder.path, "nope.pem") }),
    );
    expect(missing.problems).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY_FILE names a file that cannot be read \(ENOENT\)/),
    ]);
  });

  it("names what is missing when some but not all are set, without echoing a value", () => {
    const error = captureError(() => loadConfig({ ...minimal, GITHUB_WEBHOOK_SECRET: "hook-secret" }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^GITHUB_APP_ID is required for evidence from GitHub/),
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY is required for evidence from GitHub/),
    ]);
    expect(error.message).not.toContain("hook-secret");
    const notPem = captureError(() => loadConfig({ ...minimal, ...github, GITHUB_APP_PRIVATE_KEY: "abc" }));
    expect(notPem.problems).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY must hold the App's private key in PEM form/),
    ]);
  });

  it("refuses a key that cannot sign the App's tokens, naming the setting it came from", () => {
    const { GITHUB_APP_PRIVATE_KEY: _, ...rest } = github;
    const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const publicKey = join(folder.path, "app.pub");
    writeFileSync(publicKey, pair.publicKey.export({ type: "spki", format: "pem" }));
    expect(
      captureError(() => loadConfig({ ...minimal, ...rest, GITHUB_APP_PRIVATE_KEY_FILE: publicKey }))
        .problems,
    ).toEqual([
      `GITHUB_APP_PRIVATE_KEY_FILE (${publicKey}) must hold the App's private key in PEM form (-----BEGIN RSA PRIVATE KEY-----…), as the App's settings page downloads it`,
    ]);
    const ec = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(
      captureError(() => loadConfig({ ...minimal, ...rest, GITHUB_APP_PRIVATE_KEY: ec })).problems,
    ).toEqual([
      "GITHUB_APP_PRIVATE_KEY holds an EC key; a GitHub App signs with an RSA key: generate one in the App's settings (Private keys)",
    ]);
  });
});

describe("loadConfig: MLflow for a bot in one workspace", () => {
  it("reads MLFLOW_TRACKING_URI (without its trailing slash) and MLFLOW_TRACKING_TOKEN; neither set: none", () => {
    expect(loadConfig(minimal).mlflow).toBeUndefined();
    const config = loadConfig({
      ...minimal,
      MLFLOW_TRACKING_URI: "https://mlflow.example.com/",
      MLFLOW_TRACKING_TOKEN: "dapi-123",
    });
    expect(config.mlflow).toEqual({ uri: "https://mlflow.example.com", token: "dapi-123" });
    expect(
      loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", MLFLOW_TRACKING_URI: "http://10.1.2.3:5000" }, "tick").mlflow,
    ).toEqual({
      uri: "http://10.1.2.3:5000",
      token: undefined,
    });
  });

  it("refuses a URI that is not an http(s) server, or one that holds credentials, without echoing it", () => {
    for (const [uri, problem] of [
      ["./mlruns", "MLFLOW_TRACKING_URI is not a URL"],
      ["databricks://profile", "MLFLOW_TRACKING_URI is not an http(s) URL"],
      ["https://alice:pa55word@mlflow.example.com", "MLFLOW_TRACKING_URI holds credentials"],
    ] as const) {
      const error = captureError(() => loadConfig({ ...minimal, MLFLOW_TRACKING_URI: uri }));
      expect(error.message).toContain(problem);
      expect(error.message).not.toContain(uri);
    }
  });

  it("refuses a token without the URI it is for", () => {
    const error = captureError(() => loadConfig({ ...minimal, MLFLOW_TRACKING_TOKEN: "dapi-123" }));
    expect(error.problems).toEqual([
      "MLFLOW_TRACKING_TOKEN is set without MLFLOW_TRACKING_URI: set the tracking server's URL too",
    ]);
  });
});
