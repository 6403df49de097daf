import { parseArgs } from "node:util";
import { pino } from "pino";
import { type Config, loadConfig, loadDotEnv } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { DataLossRefused, migrateDown, migrateToLatest } from "./db/migrate.js";
import { createDeps } from "./deps.js";
import { isValidLocalDate } from "./domain/calendar.js";
import { createLogger, type Logger } from "./logger.js";
import { describeTick } from "./scheduler/report.js";
import { tick } from "./scheduler/tick.js";
import { describeStartupError } from "./startup-errors.js";

const USAGE = `Usage: npm run mlops -- <command> [options]

Commands:
  migrate            apply every pending migration (the bot also does this at start)
  migrate --down [--force]
                     revert the most recent migration; one that would drop data (tables or
                     columns that hold rows) is refused, listing what it would drop, unless --force
  tick [--at <instant>]
                     do everything due at that instant once — prompts, reminders, closing rounds,
                     digests, nudges — and print what was done. <instant> is ISO-8601 with a zone,
                     e.g. 2026-03-30T08:30:00Z or 2026-03-30T10:30+02:00; default: now.
                     Safe to run while the bot runs and in parallel: each message is posted once.

Options:
  -h, --help         show this message

The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (default ./.data).
The embedded database belongs to one process: while the bot runs on it, use Postgres for \`tick\`.`;

interface CliContext {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  values: Record<string, string | boolean | undefined>;
}

interface Command {
  /** The options it takes; any other is a usage error, never silently ignored. */
  options: readonly string[];
  /**
   * What to run with these options (resolving to an exit code other than 0 when it refused to act), or the
   * usage problem to report before touching the database.
   */
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
    options: ["down", "force"],
    prepare: (values) => {
      if (values.force && !values.down) return "`--force` only goes with `migrate --down`. See --help.";
      return async ({ database }) => {
        try {
          const done = values.down
            ? await migrateDown(database.db, { force: values.force === true })
            : await migrateToLatest(database.db);
          const nothing = values.down
            ? "Nothing to revert: no migration has been applied."
            : "Nothing to do: the database is up to date.";
          console.log(done.length > 0 ? done.join("\n") : nothing);
        } catch (err) {
          if (!(err instanceof DataLossRefused)) throw err;
          console.error(err.message);
          return 1;
        }
        return undefined;
      };
    },
  },
  tick: {
    options: ["at"],
    prepare: (values) => {
      const at = parseInstant(values.at, () => new Date());
      if (typeof at === "string") return at;
      return async ({ config, database, logger }) => {
        await migrateToLatest(database.db);
        const deps = createDeps(config, { db: database.db, logger }, { clock: () => at });
        console.log(describeTick(await tick(deps, at)));
        return undefined;
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
      force: { type: "boolean" },
      at: { type: "string" },
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
  config = loadConfig();
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

// Set once the configuration is read, so a start-up error can say which database it could not reach.
let config: Config | undefined;

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
