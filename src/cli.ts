import { parseArgs } from "node:util";
import { pino } from "pino";
import { stopOnSignals } from "./cli-signals.js";
import {
  type ConfigPurpose,
  type DatabaseConfig,
  loadConfig,
  loadDotEnv,
  type TickConfig,
} from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { migrateDown, migrateToLatest } from "./db/migrate.js";
import { createDeps } from "./deps.js";
import { isValidLocalDate } from "./domain/calendar.js";
import { createLogger, type Logger } from "./logger.js";
import { describeTick } from "./scheduler/report-text.js";
import { tick } from "./scheduler/tick.js";
import { describeStartupError } from "./startup-errors.js";

const USAGE = `Usage: npm run mlops -- <command> [options]

Commands:
  migrate            apply every pending migration (the bot also does this at start)
  migrate --down     revert the most recent migration
  tick [--at <instant>] [--verbose]
                     do everything due at that instant once — prompts, reminders, closing rounds,
                     digests, nudges — and print what was done. <instant> is ISO-8601 with a zone,
                     e.g. 2026-03-30T08:30:00Z or 2026-03-30T10:30+02:00; default: now.
                     Safe to run while the bot runs and in parallel: each message is posted once.
                     Ctrl-C (or SIGTERM) stops it cleanly: posts in flight finish and are recorded.
                     Exit code 0 when it ran, 1 for a configuration or database problem (also when
                     the database went away mid-tick), 130/143 when stopped by SIGINT/SIGTERM.

Options:
  -v, --verbose      tick: list every message by key, skipped ones too (default: counts per reason)
  -h, --help         show this message

The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (default ./.data).
The embedded database belongs to one process: while the bot runs on it, use Postgres for \`tick\`.`;

interface CliContext {
  config: DatabaseConfig;
  database: DatabaseHandle;
  logger: Logger;
  values: Record<string, string | boolean | undefined>;
}

interface Command {
  /** The options it takes; any other is a usage error, never silently ignored. */
  options: readonly string[];
  /** Which settings it needs: only those are required of the environment. */
  purpose: Exclude<ConfigPurpose, "bot">;
  /** What to run with these options (resolving to an exit code, 0 by default), or the usage problem to report before touching the database. */
  prepare(values: CliContext["values"]): ((context: CliContext) => Promise<number | undefined>) | string;
}

// An instant, not a wall-clock reading: a date, a time and an explicit zone (Z or ±HH:MM).
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant, or what is wrong with the text. */
function parseInstant(text: string | boolean | undefined, now: () => Date): Date | string {
  if (typeof text !== "string") return now();
  const match = ISO_INSTANT.exec(text);
  const at = new Date(text);
  // Date would read 2026-02-30 as 2 March; a typo should be refused, not moved.
  if (!match?.[1] || !isValidLocalDate(match[1]) || Number.isNaN(at.getTime())) {
    return `--at ${JSON.stringify(text)} is not an ISO-8601 instant. Give a date, a time and a zone, e.g. --at 2026-03-30T08:30:00Z or --at 2026-03-30T10:30+02:00.`;
  }
  return at;
}

const COMMANDS: Record<string, Command> = {
  migrate: {
    options: ["down"],
    purpose: "database",
    prepare:
      (values) =>
      async ({ database }) => {
        const done = values.down ? await migrateDown(database.db) : await migrateToLatest(database.db);
        console.log(done.length > 0 ? done.join("\n") : "Nothing to do: the database is up to date.");
        return 0;
      },
  },
  tick: {
    options: ["at", "verbose"],
    purpose: "tick",
    prepare: (values) => {
      const at = parseInstant(values.at, () => new Date());
      if (typeof at === "string") return at;
      return async ({ config, database, logger }) => {
        await migrateToLatest(database.db);
        const tickConfig = config as TickConfig; // loaded for this command's purpose, "tick"
        const deps = createDeps(tickConfig, { db: database.db, logger }, { clock: () => at });
        const signals = stopOnSignals();
        try {
          const report = await tick(deps, at, { signal: signals.signal });
          const leaseSeconds = tickConfig.deliveryLeaseSeconds;
          console.log(describeTick(report, { verbose: values.verbose === true, leaseSeconds }));
          if (report.stoppedBy === "database") return 1;
          return signals.exitCode() ?? 0;
        } finally {
          signals.dispose();
        }
      };
    },
  },
};

function usageProblem(
  positionals: string[],
  values: CliContext["values"],
  command: Command,
): string | undefined {
  const [name, ...extra] = positionals;
  if (extra.length > 0) return `\`${name}\` takes no argument ${JSON.stringify(extra[0])}. See --help.`;
  const foreign = Object.keys(values).find(
    (option) => option !== "help" && !command.options.includes(option),
  );
  if (foreign) return `\`${name}\` has no --${foreign} option. See --help.`;
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      down: { type: "boolean" },
      at: { type: "string" },
      verbose: { type: "boolean", short: "v" },
    },
  });
  const command = positionals[0] ? COMMANDS[positionals[0]] : undefined;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const problem = usageProblem(positionals, values, command);
  const run = problem ?? command.prepare(values);
  if (typeof run === "string") {
    console.error(run);
    return 2;
  }
  loadDotEnv();
  config = loadCommandConfig(command.purpose);
  // Logs go to stderr so stdout carries only the command's own output.
  const level = config.logLevel === "info" ? "warn" : config.logLevel;
  const logger = createLogger(level, pino.destination({ fd: 2, sync: true }));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    return (await run({ config, database, logger, values })) ?? 0;
  } finally {
    await database.close();
  }
}

function loadCommandConfig(purpose: Command["purpose"]): DatabaseConfig {
  return purpose === "tick" ? loadConfig(process.env, "tick") : loadConfig(process.env, "database");
}

// Set once the configuration is read, so a start-up error can say which database it could not reach.
let config: DatabaseConfig | undefined;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(describeStartupError(err, config?.databaseUrl) ?? err);
    process.exit(1);
  },
);
