import { z } from "zod";

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const ConfigSchema = z.object({
  SLACK_SIGNING_SECRET: z
    .string({ error: "is required: copy it from Basic Information → App Credentials → Signing Secret" })
    .trim()
    .min(1, "is empty: copy it from Basic Information → App Credentials → Signing Secret"),
  SLACK_BOT_TOKEN: z
    .string({ error: "is required: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions" })
    .trim()
    .startsWith("xoxb-", "must be a bot token starting with xoxb- (OAuth & Permissions)"),
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
});

export interface Config {
  readonly slack: {
    readonly signingSecret: string;
    readonly botToken: string;
    readonly appToken: string | undefined;
    readonly apiUrl: string;
  };
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
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
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    slack: Object.freeze({
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    }),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
  });
}

/** Reads ./.env into the environment when present; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
