import { z } from "zod";

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const SIGNING_SECRET_HELP = "copy it from Basic Information → App Credentials → Signing Secret";
const BOT_TOKEN_HELP = "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions";

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
  READ_CACHE_ENTRIES: z.coerce
    .number({ error: "must be a whole number of entries, such as 5000 (0 turns the cache off)" })
    .int("must be a whole number of entries, such as 5000 (0 turns the cache off)")
    .min(0, "must be 0 (no cache) or more")
    .max(1_000_000, "must be at most 1000000")
    .default(5_000),
});

/** What a command needs: the bot serves Slack's requests; `tick` only calls Slack; `migrate` only the database. */
export type ConfigPurpose = "bot" | "tick" | "database";

const REQUIRED: Readonly<Record<ConfigPurpose, readonly ("SLACK_SIGNING_SECRET" | "SLACK_BOT_TOKEN")[]>> = {
  bot: ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"],
  tick: ["SLACK_BOT_TOKEN"],
  database: [],
};

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

/** What `tick` reads besides: how to call Slack, and how long a claim on a message lasts. */
export interface TickConfig extends DatabaseConfig {
  readonly slack: {
    readonly botToken: string;
    readonly apiUrl: string;
  };
  /** How long a claim on a scheduled message lasts, by the database's clock, before another process checks it. */
  readonly deliveryLeaseSeconds: number;
}

/** Everything the bot reads. */
export interface Config extends TickConfig {
  readonly slack: TickConfig["slack"] & {
    readonly signingSecret: string;
    readonly appToken: string | undefined;
  };
  readonly port: number;
  /** Whether this process runs the minute tick (SCHEDULER=off: a replica that serves Slack only). */
  readonly scheduler: boolean;
  /** How many reads the hot paths' cache keeps (READ_CACHE_ENTRIES; 0: none). */
  readonly readCacheEntries: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        "The bot cannot start because its configuration is incomplete:",
        ...problems.map((p) => `  - ${p}`),
        'Set these in the environment or in a .env file; see "Connecting to Slack" in README.md.',
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** Parses the environment once; every problem is reported together and no value is ever echoed. */
export function loadConfig(env?: Env): Config;
export function loadConfig(env: Env, purpose: "tick"): TickConfig;
export function loadConfig(env: Env, purpose: "database"): DatabaseConfig;
export function loadConfig(env: Env = process.env, purpose: ConfigPurpose = "bot"): DatabaseConfig {
  const parsed = ConfigSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
  for (const name of REQUIRED[purpose]) {
    // A value that is there but wrong already has its own problem above.
    if ((env[name] ?? "").trim() === "") problems.push(`${name} ${MISSING[name]}`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const config: Config = {
    slack: Object.freeze({
      signingSecret: e.SLACK_SIGNING_SECRET ?? "",
      botToken: e.SLACK_BOT_TOKEN ?? "",
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    }),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    deliveryLeaseSeconds: e.DELIVERY_LEASE_SECONDS,
    scheduler: e.SCHEDULER,
    readCacheEntries: e.READ_CACHE_ENTRIES,
  };
  // The narrower purposes get the narrower type, so nothing can read a setting they did not require.
  return Object.freeze(config);
}

type Env = Record<string, string | undefined>;

/** Reads ./.env into the environment when present; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
