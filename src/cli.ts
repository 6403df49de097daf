import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadDotEnv } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { DataDirectoryInUseError } from "./db/directory-lock.js";
import { migrateDown, migrateToLatest } from "./db/migrate.js";
import { createLogger, type Logger } from "./logger.js";

const USAGE = `Usage: npm run mlops -- <command> [options]

Commands:
  migrate            apply every pending migration (the bot also does this at start)
  migrate --down     revert the most recent migration

Options:
  -h, --help         show this message

The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (default ./.data).`;

interface CliContext {
  database: DatabaseHandle;
  logger: Logger;
  values: Record<string, string | boolean | undefined>;
}

const COMMANDS: Record<string, (context: CliContext) => Promise<void>> = {
  migrate: async ({ database, values }) => {
    const done = values.down ? await migrateDown(database.db) : await migrateToLatest(database.db);
    console.log(done.length > 0 ? done.join("\n") : "Nothing to do: the database is up to date.");
  },
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" }, down: { type: "boolean" }, at: { type: "string" } },
  });
  const command = positionals[0] ? COMMANDS[positionals[0]] : undefined;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    await command({ database, logger, values });
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DataDirectoryInUseError) console.error(err.message);
    else if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      console.error(`${err.message}\n\n${USAGE}`);
    } else console.error(err);
    process.exit(1);
  },
);
