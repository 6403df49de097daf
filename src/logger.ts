import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

// Anything that looks like a Slack token is masked even inside free text, keeping its prefix (xoxb-, xapp-;
// with token rotation xoxe.xoxb- for a bot token and xoxe- for a refresh token).
const TOKEN_PATTERN = /\b((?:xoxe\.)?xox[abposre]|xapp)-[A-Za-z0-9-]+/g;
// In a connection URL only the password is secret: user, host, port and database are what operators debug
// with. A password may hold a raw "@" or "/", so it runs to the last "@" of the word: better to hide a
// host now and then than to show part of a password.
const URL_PASSWORD_PATTERN = /(postgres(?:ql)?:\/\/[^:@/\s]*:)[^\s"']*@/g;
const PASSWORD_PARAMETER_PATTERN = /([?&]password=)[^&\s]*/gi;
// @slack/web-api's debug line "http request body: {…}" holds an OAuth exchange whole: the code, the client
// secret, a refresh token. Redaction by field cannot reach inside a message, so these keys are masked in text
// too, written as JSON ("client_secret":"…") or as a form or query (client_secret=…).
const SECRET_KEYS = "client_secret|code|refresh_token|access_token|token|state";
const SECRET_JSON_PATTERN = new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")[^"]*`, "g");
const SECRET_FORM_PATTERN = new RegExp(`((?:^|[?&\\s])(?:${SECRET_KEYS})=)[^&\\s"]*`, "g");

const REDACT_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "signingSecret",
  "*.signingSecret",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "databaseUrl",
  "*.databaseUrl",
  // OAuth mode: installation tokens and the app's own secrets, under Bolt's and Slack's names too.
  "refreshToken",
  "*.refreshToken",
  "*.*.refreshToken",
  "botRefreshToken",
  "*.botRefreshToken",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "clientSecret",
  "*.clientSecret",
  "client_secret",
  "*.client_secret",
  "stateSecret",
  "*.stateSecret",
  "tokenKeys",
  "*.tokenKeys",
];

export function maskSecrets(text: string): string {
  return text
    .replace(TOKEN_PATTERN, (_m, prefix: string) => `${prefix}-[redacted]`)
    .replace(URL_PASSWORD_PATTERN, "$1[redacted]@")
    .replace(PASSWORD_PARAMETER_PATTERN, "$1[redacted]")
    .replace(SECRET_JSON_PATTERN, "$1[redacted]")
    .replace(SECRET_FORM_PATTERN, "$1[redacted]");
}

function serializeError(err: Error) {
  const serialized = pino.stdSerializers.err(err);
  return {
    ...serialized,
    message: maskSecrets(serialized.message),
    stack: maskSecrets(serialized.stack ?? ""),
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "mlops-bot" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskSecrets(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Bolt logs with variadic strings; this adapter folds them into one structured line. */
export function toBoltLogger(logger: Logger): BoltLogger {
  // "via", not "component": the logger passed in may already name its component.
  let current = logger.child({ via: "bolt" });
  const write = (level: "debug" | "info" | "warn" | "error", msg: unknown[]) => {
    // Bolt logs several debug lines per request: building their text costs CPU on every request.
    if (!current.isLevelEnabled(level)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg
      .filter((m) => m !== err)
      .map(String)
      .join(" ");
    if (err) current[level]({ err }, text);
    else current[level](text);
  };
  return {
    debug: (...msg) => write("debug", msg),
    info: (...msg) => write("info", msg),
    warn: (...msg) => write("warn", msg),
    error: (...msg) => write("error", msg),
    setLevel: () => {}, // the level comes from LOG_LEVEL, not from Bolt
    getLevel: () => (current.level === "trace" ? "debug" : current.level) as BoltLogLevel,
    setName: (name) => {
      current = logger.child({ via: name });
    },
  };
}
