import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_AWAY_STATUSES } from "./domain/away.js";
import { parseTrackingUri } from "./domain/tracking-uri.js";

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const SIGNING_SECRET_HELP = "copy it from Basic Information → App Credentials → Signing Secret";
const BOT_TOKEN_HELP =
  "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions (or, for an app installed in many workspaces through OAuth, set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and TOKEN_ENCRYPTION_KEY instead)";

/** What each OAuth setting is and where to find it, for the error that names it missing. */
const OAUTH_HELP = {
  SLACK_CLIENT_ID: "copy it from Basic Information → App Credentials → Client ID",
  SLACK_CLIENT_SECRET: "copy it from Basic Information → App Credentials → Client Secret",
  SLACK_STATE_SECRET:
    "any long random text of your own (e.g. `openssl rand -base64 32`); it signs the install link's state",
  TOKEN_ENCRYPTION_KEY:
    "32 random bytes in base64 (`openssl rand -base64 32`); installation tokens are encrypted with it at rest",
} as const;
type OAuthVariable = keyof typeof OAUTH_HELP;

// 32 bytes in base64: 44 characters with one "=" of padding.
const encryptionKey = optionalString.refine(
  (v) => v === undefined || (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32),
  { message: "must be 32 random bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`" },
);

const ConfigSchema = z.object({
  // Required or not by what the command does (see REQUIRED below); checked once the rest has parsed.
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xoxb-"), {
    message: "must be a bot token starting with xoxb- (OAuth & Permissions)",
  }),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), {
    message: "must be an app-level token starting with xapp- with the connections:write scope",
  }),
  // 0 asks the OS for a free port (tests); an empty PORT= is unset, not 0.
  PORT: optionalString
    .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), {
      message: "must be a whole number from 0 to 65535, such as 3000",
    })
    .transform((v) => (v === undefined ? 3000 : Number(v))),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "must be a postgres:// or postgresql:// connection URL",
  }),
  DATA_DIR: z.string().trim().min(1).default("./.data"),
  SLACK_API_URL: z
    .url({ error: "must be a URL such as https://slack.com/api/" })
    .default("https://slack.com/api/"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  // A post must end well inside its claim's lease (a quarter of it, see schedulerWebApi), hence the minimum.
  DELIVERY_LEASE_SECONDS: z.coerce
    .number({ error: "must be a whole number of seconds, such as 120" })
    .int("must be a whole number of seconds, such as 120")
    .min(4, "must be at least 4 seconds")
    .max(86_400, "must be at most 86400 seconds (a day)")
    .default(120),
  SCHEDULER: z.stringbool({ error: "must be on or off" }).default(true),
  RATE_LIMITS: z.stringbool({ error: "must be on or off" }).default(true),
  // Comma-separated: `:emoji:` entries and words of a status text that mean a respondent is away.
  AWAY_STATUSES: z
    .string()
    .default(DEFAULT_AWAY_STATUSES.join(","))
    .transform((list) =>
      list
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== ""),
    ),
  // A distributed app (OAuth): see OAUTH_REQUIRED.
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  TOKEN_ENCRYPTION_KEY: encryptionKey,
  TOKEN_ENCRYPTION_KEY_PREVIOUS: encryptionKey,
  UNINSTALL_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days, such as 30" })
    .int("must be a whole number of days, such as 30")
    .min(0, "must be 0 or more days")
    .max(3650, "must be at most 3650 days")
    .default(30),
  // Evidence from GitHub, as a GitHub App: all of these, or none (see githubSettings).
  GITHUB_APP_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), {
    message: "must be the App's numeric id (the App's settings page → About → App ID)",
  }),
  GITHUB_APP_PRIVATE_KEY: optionalString,
  GITHUB_APP_PRIVATE_KEY_FILE: optionalString,
  GITHUB_WEBHOOK_SECRET: optionalString,
  GITHUB_API_URL: z
    .url({
      error:
        "must be a URL such as https://api.github.com (or https://HOST/api/v3 for GitHub Enterprise Server)",
    })
    .default("https://api.github.com"),
  // A bot in one workspace may read MLflow evidence from here instead of `npm run mlops -- evidence mlflow`.
  MLFLOW_TRACKING_URI: optionalString.superRefine((v, ctx) => {
    const parsed = v === undefined ? undefined : parseTrackingUri(v);
    if (parsed && "problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
  }),
  MLFLOW_TRACKING_TOKEN: optionalString,
});

/**
 * What a command needs: the bot serves Slack's requests; `tick` only calls Slack; `tokens` re-encrypts the
 * stored tokens (rotate-key); `migrate` only the database.
 */
export type ConfigPurpose = "bot" | "tick" | "tokens" | "database";

const REQUIRED: Readonly<Record<ConfigPurpose, readonly ("SLACK_SIGNING_SECRET" | "SLACK_BOT_TOKEN")[]>> = {
  bot: ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"],
  tick: ["SLACK_BOT_TOKEN"],
  tokens: [],
  database: [],
};

/**
 * In OAuth mode (a distributed app) the bot token is replaced by these: the bot needs all four; `tick` calls
 * Slack with stored tokens and may refresh them (no state secret: it runs no install flow); `rotate-key` only
 * needs the keys.
 */
const OAUTH_REQUIRED: Readonly<Record<ConfigPurpose, readonly OAuthVariable[]>> = {
  bot: ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET", "TOKEN_ENCRYPTION_KEY"],
  tick: ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEY"],
  tokens: ["TOKEN_ENCRYPTION_KEY"],
  database: [],
};
const OAUTH_MARKERS: readonly OAuthVariable[] = [
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
];

const MISSING: Readonly<Record<(typeof REQUIRED)["bot"][number], string>> = {
  SLACK_SIGNING_SECRET: `is required: ${SIGNING_SECRET_HELP}`,
  SLACK_BOT_TOKEN: `is required: ${BOT_TOKEN_HELP}`,
};

/** What every command reads: where the database is, and how much to log. */
export interface DatabaseConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** The keys installation tokens are encrypted with at rest: the current one, and the one before it for reading. */
export interface TokenKeys {
  /** 32 bytes (TOKEN_ENCRYPTION_KEY). */
  readonly current: Buffer;
  /** TOKEN_ENCRYPTION_KEY_PREVIOUS, while `rotate-key` has not re-encrypted every token yet. */
  readonly previous: Buffer | undefined;
}

/** A distributed app as `tick` sees it: it calls Slack with the stored (encrypted) tokens and refreshes them. */
export interface TickOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenKeys: TokenKeys;
}

/** A distributed app: every workspace installs it through OAuth and its token is stored (encrypted). */
export interface OAuthConfig extends TickOAuthConfig {
  /** Signs the install link's state; only the bot, which serves the install flow, needs it. */
  readonly stateSecret: string;
}

/** The database settings plus the token keys (rotate-key). */
export interface TokensConfig extends DatabaseConfig {
  readonly tokenKeys: TokenKeys | undefined;
}

/** What `tick` reads besides: how to call Slack, and how long a claim on a message lasts. */
export interface TickConfig extends TokensConfig {
  readonly slack: {
    /** SLACK_BOT_TOKEN: one workspace, one token. Undefined in OAuth mode, where `oauth` is set instead. */
    readonly botToken: string | undefined;
    readonly oauth: TickOAuthConfig | undefined;
    readonly apiUrl: string;
  };
  /** How long an uninstalled workspace's data is kept before the tick purges it (UNINSTALL_RETENTION_DAYS). */
  readonly uninstallRetentionDays: number;
  /** How long a claim on a scheduled message lasts, by the database's clock, before another process checks it. */
  readonly deliveryLeaseSeconds: number;
  /** Slack statuses (`:emoji:` or words of the text) that mean a respondent is away: no reminder. */
  readonly awayStatuses: readonly string[];
  /** MLFLOW_TRACKING_URI/TOKEN: the tracking server of a workspace that has none of its own set. */
  readonly mlflow: { readonly uri: string; readonly token: string | undefined } | undefined;
}

/** The GitHub App evidence comes from; undefined when none of its settings is given (evidence from GitHub off). */
export interface GitHubConfig {
  readonly appId: string;
  /** PEM text, from GITHUB_APP_PRIVATE_KEY or the file GITHUB_APP_PRIVATE_KEY_FILE names. */
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** No trailing slash. */
  readonly apiUrl: string;
}

/** Everything the bot reads. */
export interface Config extends TickConfig {
  readonly slack: TickConfig["slack"] & {
    readonly oauth: OAuthConfig | undefined;
    readonly signingSecret: string;
    readonly appToken: string | undefined;
  };
  readonly port: number;
  /** Whether this process runs the minute tick (SCHEDULER=off: a replica that serves Slack only). */
  readonly scheduler: boolean;
  readonly github: GitHubConfig | undefined;
  /** Limits per person and per workspace on commands and submissions (RATE_LIMITS=off: none; tests). */
  readonly rateLimits: boolean;
}

/** The page that explains the settings a list of problems names. */
function whereDocumented(problems: readonly string[]): string {
  const pages = [
    ...(problems.some((p) => !/GITHUB_|MLFLOW_/.test(p)) ? ['"Connecting to Slack" in README.md'] : []),
    ...(problems.some((p) => p.includes("GITHUB_")) ? ["docs/evidence.md for the GitHub App"] : []),
    ...(problems.some((p) => p.includes("MLFLOW_")) ? ["docs/mlflow.md for MLflow"] : []),
  ];
  return pages.join(", and ") || '"Connecting to Slack" in README.md';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        "The bot cannot start because its configuration has problems:",
        ...problems.map((p) => `  - ${p}`),
        `Set these in the environment or in a .env file; see ${whereDocumented(problems)}.`,
        "To try the bot without Slack first: npm run playground (a local playground on this computer).",
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Parses the environment once; every problem is reported together and no value is ever echoed. */
export function loadConfig(env?: Env): Config;
export function loadConfig(env: Env, purpose: "tick"): TickConfig;
export function loadConfig(env: Env, purpose: "tokens"): TokensConfig;
export function loadConfig(env: Env, purpose: "database"): DatabaseConfig;
export function loadConfig(env: Env = process.env, purpose: ConfigPurpose = "bot"): DatabaseConfig {
  const parsed = ConfigSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
  const set = (name: string) => (env[name] ?? "").trim() !== "";
  // The app's OAuth credentials choose the mode; the encryption key alone does not (rotate-key needs only it).
  const oauth = OAUTH_MARKERS.some(set) && purpose !== "database";
  if (oauth && set("SLACK_BOT_TOKEN") && purpose !== "tokens") {
    problems.push(
      "SLACK_BOT_TOKEN and the OAuth settings (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET) are both set: " +
        "choose one mode. Keep SLACK_BOT_TOKEN for an app in one workspace, or remove it to install the app in many workspaces through OAuth.",
    );
  } else if (oauth) {
    for (const name of OAUTH_REQUIRED[purpose]) {
      if (!set(name))
        problems.push(`${name} is required for a distributed app (OAuth mode): ${OAUTH_HELP[name]}`);
    }
    if (set("TOKEN_ENCRYPTION_KEY_PREVIOUS") && !set("TOKEN_ENCRYPTION_KEY")) {
      problems.push("TOKEN_ENCRYPTION_KEY_PREVIOUS is set without TOKEN_ENCRYPTION_KEY: set the new key too");
    }
  }
  // One server for every workspace that installs the app would let each read the operator's MLflow.
  if (oauth && purpose !== "tokens" && set("MLFLOW_TRACKING_URI")) {
    problems.push(
      "MLFLOW_TRACKING_URI is for a bot in one workspace, and the OAuth settings install the app in many: unset it and give each workspace its own with `npm run mlops -- evidence mlflow --workspace T… --uri …`",
    );
  }
  if (set("MLFLOW_TRACKING_TOKEN") && !set("MLFLOW_TRACKING_URI")) {
    problems.push(
      "MLFLOW_TRACKING_TOKEN is set without MLFLOW_TRACKING_URI: set the tracking server's URL too",
    );
  }
  for (const name of REQUIRED[purpose]) {
    if (oauth && name === "SLACK_BOT_TOKEN") continue;
    // A value that is there but wrong already has its own problem above.
    if (!set(name)) problems.push(`${name} ${MISSING[name]}`);
  }
  const github = purpose === "bot" ? githubSettings(env, problems) : undefined;
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  // Each purpose gets an object of its own type: nothing holds a secret its command did not ask for.
  const e = parsed.data;
  const database: DatabaseConfig = {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
  };
  if (purpose === "database") return Object.freeze(database);
  const tokens: TokensConfig = { ...database, tokenKeys: tokenKeysOf(e) };
  if (purpose === "tokens") return Object.freeze(tokens);
  const tickOAuth =
    oauth && tokens.tokenKeys
      ? {
          clientId: e.SLACK_CLIENT_ID ?? "",
          clientSecret: e.SLACK_CLIENT_SECRET ?? "",
          tokenKeys: tokens.tokenKeys,
        }
      : undefined;
  const slack = {
    botToken: oauth ? undefined : e.SLACK_BOT_TOKEN,
    oauth: tickOAuth && Object.freeze(tickOAuth),
    apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
  };
  const tick: TickConfig = {
    ...tokens,
    slack: Object.freeze(slack),
    deliveryLeaseSeconds: e.DELIVERY_LEASE_SECONDS,
    awayStatuses: e.AWAY_STATUSES,
    uninstallRetentionDays: e.UNINSTALL_RETENTION_DAYS,
    mlflow: trackingServer(e.MLFLOW_TRACKING_URI, e.MLFLOW_TRACKING_TOKEN),
  };
  if (purpose === "tick") return Object.freeze(tick);
  const botOAuth = tickOAuth && Object.freeze({ ...tickOAuth, stateSecret: e.SLACK_STATE_SECRET ?? "" });
  const config: Config = {
    ...tick,
    // Both required for the bot (checked above): the empty string is never what it runs with.
    slack: Object.freeze({
      ...slack,
      oauth: botOAuth,
      signingSecret: e.SLACK_SIGNING_SECRET ?? "",
      appToken: e.SLACK_APP_TOKEN,
    }),
    port: e.PORT,
    scheduler: e.SCHEDULER,
    rateLimits: e.RATE_LIMITS,
    github: github && Object.freeze({ ...github, apiUrl: e.GITHUB_API_URL.replace(/\/+$/, "") }),
  };
  return Object.freeze(config);
}

function tokenKeysOf(e: z.infer<typeof ConfigSchema>): TokenKeys | undefined {
  if (!e.TOKEN_ENCRYPTION_KEY) return undefined;
  const previous = e.TOKEN_ENCRYPTION_KEY_PREVIOUS;
  return Object.freeze({
    current: Buffer.from(e.TOKEN_ENCRYPTION_KEY, "base64"),
    previous: previous ? Buffer.from(previous, "base64") : undefined,
  });
}

type Env = Record<string, string | undefined>;

const GITHUB_HELP = {
  GITHUB_APP_ID: "the App's numeric id, from its settings page (About → App ID)",
  GITHUB_APP_PRIVATE_KEY:
    "the App's private key (PEM text, from Private keys → Generate a private key), or GITHUB_APP_PRIVATE_KEY_FILE naming the .pem file",
  GITHUB_WEBHOOK_SECRET:
    "the Webhook secret you gave the App (any long random text, e.g. `openssl rand -hex 32`)",
} as const;

/**
 * All of the GitHub App's settings, or none (evidence from GitHub off): some but not all is a problem naming
 * what is missing, like the Slack settings. Reads the key file here, the one place the environment is read.
 */
function githubSettings(env: Env, problems: string[]): Omit<GitHubConfig, "apiUrl"> | undefined {
  const value = (name: string) => {
    const v = (env[name] ?? "").trim();
    return v === "" ? undefined : v;
  };
  const keyFile = value("GITHUB_APP_PRIVATE_KEY_FILE");
  const given = [
    "GITHUB_APP_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_PRIVATE_KEY_FILE",
    "GITHUB_WEBHOOK_SECRET",
  ];
  if (!given.some(value)) return undefined;
  let privateKey = value("GITHUB_APP_PRIVATE_KEY");
  if (privateKey && keyFile) {
    problems.push("GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_FILE are both set: keep one of them");
  } else if (keyFile) {
    try {
      privateKey = readFileSync(keyFile, "utf8");
    } catch (err) {
      problems.push(
        `GITHUB_APP_PRIVATE_KEY_FILE names a file that cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}): give the path of the App's .pem file`,
      );
      return undefined;
    }
  }
  // A key pasted into one line of a .env file keeps its line breaks as \n.
  privateKey = privateKey?.replace(/\\n/g, "\n");
  const found = { appId: value("GITHUB_APP_ID"), privateKey, webhookSecret: value("GITHUB_WEBHOOK_SECRET") };
  const names = {
    appId: "GITHUB_APP_ID",
    privateKey: "GITHUB_APP_PRIVATE_KEY",
    webhookSecret: "GITHUB_WEBHOOK_SECRET",
  } as const;
  for (const [field, name] of Object.entries(names) as [keyof typeof names, keyof typeof GITHUB_HELP][]) {
    if (found[field] === undefined)
      problems.push(
        `${name} is required for evidence from GitHub (or unset every GITHUB_ setting): ${GITHUB_HELP[name]}`,
      );
  }
  const keyProblem = privateKey === undefined ? undefined : appKeyProblem(privateKey);
  if (keyProblem)
    problems.push(
      `${keyFile ? `GITHUB_APP_PRIVATE_KEY_FILE (${keyFile})` : "GITHUB_APP_PRIVATE_KEY"} ${keyProblem}`,
    );
  const { appId, webhookSecret } = found;
  if (appId === undefined || privateKey === undefined || webhookSecret === undefined) return undefined;
  return { appId, privateKey, webhookSecret };
}

/** Why `pem` cannot sign a GitHub App's tokens (GitHub gives Apps RSA keys only), or undefined when it can. */
function appKeyProblem(pem: string): string | undefined {
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    return "must hold the App's private key in PEM form (-----BEGIN RSA PRIVATE KEY-----…), as the App's settings page downloads it";
  }
  return type === "rsa"
    ? undefined
    : `holds ${type ? `an ${type.toUpperCase()}` : "another kind of"} key; a GitHub App signs with an RSA key: generate one in the App's settings (Private keys)`;
}

function trackingServer(uri: string | undefined, token: string | undefined): Config["mlflow"] {
  const parsed = uri === undefined ? undefined : parseTrackingUri(uri);
  return parsed && "uri" in parsed ? Object.freeze({ uri: parsed.uri, token }) : undefined;
}

/** The settings that connect the bot to Slack; given none of them, `npm start` opens the playground instead. */
const SLACK_SETTINGS = [
  "SLACK_SIGNING_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
] as const;

/** No Slack setting at all, outside production (the Dockerfile sets NODE_ENV=production): the playground. */
export function wantsPlayground(env: Env = process.env): boolean {
  return env.NODE_ENV !== "production" && SLACK_SETTINGS.every((name) => (env[name] ?? "").trim() === "");
}

/** Reads ./.env into the environment when present; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** Where the playground keeps its embedded database, inside DATA_DIR, apart from the bot's own. */
export function playgroundDataDir(dataDir: string): string {
  return join(dataDir, "playground");
}
