import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

// Anything that looks like a Slack token or a credentialed URL is masked even inside free text.
const SECRET_PATTERN =
  /(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|postgres(?:ql)?:\/\/[^:\s]+:)[^@\s]*(@?)/g;

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
];

export function maskSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, (_m, head: string, at: string) =>
    head.startsWith("postgres") ? `${head}[redacted]${at}` : `${head.slice(0, 5)}[redacted]`,
  );
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
