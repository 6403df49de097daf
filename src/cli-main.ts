// The commands of `npm run mlops` (cli.ts runs them in their own process; tests may run them in theirs).
import { accessSync, constants, createReadStream, existsSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { prepareApiToken } from "./cli-api-tokens.js";
import { EVIDENCE_USAGE, prepareEvidence } from "./cli-evidence.js";
import { type CliIo, complain, say } from "./cli-io.js";
import { stopOnSignals } from "./cli-signals.js";
import { describeTick } from "./cli-tick-report.js";
import {
  type ConfigPurpose,
  type DatabaseConfig,
  loadConfig,
  playgroundDataDir,
  type TickConfig,
  type TokensConfig,
} from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { countInstallations, reencryptTokens } from "./db/installations.js";
import { DataLossRefused, migrateDown, migrateToLatest } from "./db/migrate.js";
import { reencryptMlflowTokens } from "./db/mlflow.js";
import { keyId, TokenDecryptError } from "./db/token-cipher.js";
import { createDeps } from "./deps.js";
import { isValidLocalDate } from "./domain/calendar.js";
import { WORKSPACE_ID } from "./domain/slack-ids.js";
import { useUndiciAgent } from "./http-agent.js";
import { createLogger, type Logger } from "./logger.js";
import { tick } from "./scheduler/tick.js";
import { type ExportRequest, exportStream } from "./services/export.js";
import { type ImportOutcome, importAnswers } from "./services/import.js";
import { type Purged, purgeWorkspace } from "./services/uninstall.js";
import { describeStartupError } from "./startup-errors.js";

const USAGE = `Usage: npm run mlops -- <command> [options]

Commands:
  migrate            apply every pending migration (the bot also does this at start)
  migrate --down [--force]
                     revert the most recent migration; one that would drop data (tables or
                     columns that hold rows) is refused, listing what it would drop, unless --force
  tick [--at <instant>] [--verbose]
                     do everything due at that instant once — prompts, reminders, closing rounds,
                     digests, nudges — and print what was done. <instant> is ISO-8601 with a zone,
                     e.g. 2026-03-30T08:30:00Z or 2026-03-30T10:30+02:00; default: now.
                     Safe to run while the bot runs and in parallel: each message is posted once.
                     Ctrl-C (or SIGTERM) stops it cleanly: posts in flight finish and are recorded.
                     Exit code 0 when it ran, 1 for a configuration or database problem (also when
                     the database went away mid-tick), 130/143 when stopped by SIGINT/SIGTERM.
  export [--kind answers|levels|evidence] [--format csv|json] [--workspace T…] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                     write the history to standard output: every answer (one row per respondent per
                     round, the default), every closed round's level (one row per team per round) or
                     every evidence signal of the teams' links (one row per signal and practice it
                     stands behind, with the verdict), as CSV (default) or JSON Lines; --since and
                     --until bound the rounds' first days (for evidence, the days signals happened).
  rotate-key         re-encrypt every stored installation token (OAuth mode) with TOKEN_ENCRYPTION_KEY,
                     reading the old ones with TOKEN_ENCRYPTION_KEY_PREVIOUS, and say how many; afterwards
                     TOKEN_ENCRYPTION_KEY_PREVIOUS can be removed.
  purge --workspace T… [--dry-run]
                     delete every row of one workspace at once (a data-deletion request), in one
                     transaction, and print what was deleted; --dry-run only counts.
  api-token create --workspace T… --name <label> | api-token list | api-token revoke <label>
                     tokens for the read API and the MCP endpoint (docs/api.md): create prints a new
                     token once (it reads that workspace, or with E… an org-wide install's organisation);
                     only its hash is kept. list shows labels and scopes; revoke refuses it at once.
  import <file.csv>  read answers in the format of \`export --kind answers\` into teams already set up.
                     Everything is checked first: on any problem nothing is imported (exit code 1).
                     Closed rounds get their history recomputed; nothing is posted to Slack.
${EVIDENCE_USAGE}

Options:
  -v, --verbose      tick: list every message by key, skipped ones too (default: counts per reason)
  --dry-run          purge: count what would be deleted, delete nothing
  --playground       migrate, export, purge, import: work on the playground's data
                     (DATA_DIR/playground) instead of the bot's; stop the playground first
  -h, --help         show this message (so does the command \`help\`)

The database is DATABASE_URL when set, otherwise the embedded one in DATA_DIR (default ./.data).
The embedded database belongs to one process: while the bot runs on it, use Postgres for \`tick\`.`;

interface CliContext {
  io: CliIo;
  config: DatabaseConfig;
  database: DatabaseHandle;
  logger: Logger;
  values: Record<string, string | boolean | undefined>;
}

interface Command {
  /** The options it takes; any other is a usage error, never silently ignored. */
  options: readonly string[];
  /** The arguments after the command's name it takes (default none). */
  arguments?: number;
  /** Which settings it needs: only those are required of the environment. */
  purpose: Exclude<ConfigPurpose, "bot">;
  /** What to run with these options (resolving to an exit code, 0 by default), or the usage problem to report before touching the database. */
  prepare(
    values: CliContext["values"],
    args: string[],
    io: CliIo,
  ): ((context: CliContext) => Promise<number | undefined>) | string;
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
  "api-token": {
    purpose: "database",
    options: ["workspace", "name"],
    arguments: 2,
    prepare: prepareApiToken,
  },
  migrate: {
    options: ["down", "force"],
    purpose: "database",
    prepare: (values) => {
      if (values.force && !values.down) return "`--force` only goes with `migrate --down`. See --help.";
      return async ({ io, database }) => {
        try {
          const done = values.down
            ? await migrateDown(database.db, { force: values.force === true })
            : await migrateToLatest(database.db);
          const nothing = values.down
            ? "Nothing to revert: no migration has been applied."
            : "Nothing to do: the database is up to date.";
          say(io, done.length > 0 ? done.join("\n") : nothing);
        } catch (err) {
          if (!(err instanceof DataLossRefused)) throw err;
          complain(io, err.message);
          return 1;
        }
        return 0;
      };
    },
  },
  tick: {
    options: ["at", "verbose"],
    purpose: "tick",
    prepare: (values) => {
      // The playground's Slack lives in its own process: a tick here would post through SLACK_BOT_TOKEN's.
      if (values.playground)
        return "`tick` does not work on the playground's data: its Slack is inside the playground. Move the playground's clock with its page's buttons (Next prompt, +1 day, …) to run its ticks.";
      const at = parseInstant(values.at, () => new Date());
      if (typeof at === "string") return at;
      return async ({ io, config, database, logger }) => {
        await migrateToLatest(database.db);
        const tickConfig = config as TickConfig; // loaded for this command's purpose, "tick"
        const deps = createDeps(tickConfig, { db: database.db, logger }, { clock: () => at });
        const signals = stopOnSignals(io);
        try {
          const report = await tick(deps, at, { signal: signals.signal });
          const leaseSeconds = tickConfig.deliveryLeaseSeconds;
          say(io, describeTick(report, { verbose: values.verbose === true, leaseSeconds }));
          if (report.stoppedBy === "database") return 1;
          return signals.exitCode() ?? 0;
        } finally {
          signals.dispose();
        }
      };
    },
  },
  export: {
    purpose: "database",
    options: ["kind", "format", "workspace", "since", "until"],
    prepare: (values) => {
      const request = exportRequest(values);
      if (typeof request === "string") return request;
      return async ({ io, database }) => {
        await migrateToLatest(database.db);
        try {
          await pipeline(exportStream({ db: database.db, clock: () => new Date() }, request), io.stdout, {
            end: false,
          });
        } catch (error) {
          // The reader closed the pipe (`… | head`): it has what it wanted, as with any Unix tool.
          if ((error as { code?: unknown }).code !== "EPIPE") throw error;
        }
        return 0;
      };
    },
  },
  "rotate-key": {
    purpose: "tokens",
    options: [],
    prepare:
      () =>
      async ({ io, config, database }) => {
        await migrateToLatest(database.db);
        const keys = (config as TokensConfig).tokenKeys;
        if (!keys) {
          complain(
            io,
            "rotate-key needs TOKEN_ENCRYPTION_KEY (the new key) and, while tokens are still under the old one, TOKEN_ENCRYPTION_KEY_PREVIOUS. Nothing was changed.",
          );
          return 1;
        }
        try {
          const installations = await countInstallations(database.db);
          const rewritten = await reencryptTokens(database.db, keys);
          const mlflow = await reencryptMlflowTokens(database.db, keys);
          say(
            io,
            `Re-encrypted ${rewritten} ${rewritten === 1 ? "token" : "tokens"} of ${installations} ${installations === 1 ? "installation" : "installations"} with key ${keyId(keys.current)}` +
              (keys.previous ? "; TOKEN_ENCRYPTION_KEY_PREVIOUS can now be removed." : "."),
          );
          if (mlflow > 0) say(io, `Re-encrypted ${mlflow} MLflow ${mlflow === 1 ? "token" : "tokens"} too.`);
          return 0;
        } catch (err) {
          if (!(err instanceof TokenDecryptError)) throw err;
          complain(
            io,
            `Nothing was changed: ${err.message}. Set TOKEN_ENCRYPTION_KEY_PREVIOUS to the key the tokens were written with.`,
          );
          return 1;
        }
      },
  },
  purge: {
    purpose: "database",
    options: ["workspace", "dry-run"],
    prepare: (values) => {
      const workspace = values.workspace;
      if (typeof workspace !== "string" || !WORKSPACE_ID.test(workspace)) {
        return workspace === undefined
          ? "`purge` needs the workspace to delete: npm run mlops -- purge --workspace T0123 [--dry-run]"
          : `--workspace ${JSON.stringify(workspace)} is not a Slack workspace id (T…).`;
      }
      return async ({ io, database }) => {
        await migrateToLatest(database.db);
        const dryRun = values["dry-run"] === true;
        const purged = await purgeWorkspace({ db: database.db, clock: () => new Date() }, workspace, {
          dryRun,
        });
        if (purged) say(io, describePurge(purged));
        return 0;
      };
    },
  },
  evidence: {
    purpose: "tokens",
    options: ["workspace", "uri", "token", "account"],
    arguments: 1,
    prepare: (values, args) => {
      const run = prepareEvidence(values, args);
      if (typeof run === "string") return run;
      return async ({ io, config, database }) => {
        await migrateToLatest(database.db);
        return run({ io, config: config as TokensConfig, db: database.db }); // loaded for "tokens"
      };
    },
  },
  import: {
    purpose: "database",
    options: [],
    arguments: 1,
    prepare: (_values, [named], io) => {
      if (!named) return "`import` needs the CSV file to read, e.g. npm run mlops -- import answers.csv";
      const file = isAbsolute(named) ? named : resolve(io.cwd, named);
      try {
        accessSync(file, constants.R_OK);
      } catch {
        return `Cannot read ${JSON.stringify(named)}: check the path and that the file is readable.`;
      }
      if (statSync(file).isDirectory())
        return `${JSON.stringify(named)} is a directory: give the CSV file to read, e.g. npm run mlops -- import answers.csv`;
      return async ({ io, database }) => {
        await migrateToLatest(database.db);
        const outcome = await importAnswers(
          { db: database.db, clock: () => new Date() },
          createReadStream(file),
        );
        return reportImport(io, named, outcome);
      };
    },
  },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The export the options ask for, or what is wrong with them. */
function exportRequest(values: CliContext["values"]): ExportRequest | string {
  const { kind = "answers", format = "csv", workspace, since, until } = values;
  if (kind !== "answers" && kind !== "levels" && kind !== "evidence")
    return `--kind ${JSON.stringify(kind)}: use answers, levels or evidence.`;
  if (format !== "csv" && format !== "json") return `--format ${JSON.stringify(format)}: use csv or json.`;
  if (workspace !== undefined && (typeof workspace !== "string" || !WORKSPACE_ID.test(workspace))) {
    return `--workspace ${JSON.stringify(workspace)} is not a Slack workspace id (T…).`;
  }
  for (const [name, date] of [
    ["since", since],
    ["until", until],
  ] as const) {
    if (date !== undefined && (typeof date !== "string" || !DATE.test(date) || !isValidLocalDate(date))) {
      return `--${name} ${JSON.stringify(date)} is not a date: write it YYYY-MM-DD, e.g. --${name} 2026-01-05.`;
    }
  }
  if (typeof since === "string" && typeof until === "string" && since > until) {
    return `--since ${since} is after --until ${until}: nothing would be exported.`;
  }
  return {
    kind,
    format,
    ...(typeof workspace === "string" ? { workspaceId: workspace } : {}),
    ...(typeof since === "string" ? { since } : {}),
    ...(typeof until === "string" ? { until } : {}),
  };
}

function reportImport(io: CliIo, file: string, outcome: ImportOutcome): number {
  if (outcome.kind === "invalid") {
    const { total, problems, more } = outcome;
    complain(
      io,
      [
        `Nothing was imported: ${total === 1 ? "1 problem" : `${total} problems`} in ${file}.`,
        ...problems.map((p) => `  ${p}`),
        ...(more > 0 ? [`  …and ${more} more kinds of problem.`] : []),
      ].join("\n"),
    );
    return 1;
  }
  const { teams, rounds, answers, replaced, reevaluated } = outcome;
  say(
    io,
    `Imported ${answers} answers (${answers - replaced} new, ${replaced} replaced) for ${teams} ${teams === 1 ? "team" : "teams"} ` +
      `over ${rounds} ${rounds === 1 ? "round" : "rounds"}; re-evaluated ${reevaluated} closed ${reevaluated === 1 ? "round" : "rounds"}. Nothing was posted to Slack.`,
  );
  return 0;
}

/** Options every command takes. */
const GLOBAL_OPTIONS = ["help", "playground"];
/** The commands `--playground` points at the playground's data (tick says why it does not, on its own). */
const PLAYGROUND_COMMANDS = new Set(["migrate", "export", "purge", "import"]);

function usageProblem(
  positionals: string[],
  values: CliContext["values"],
  command: Command,
): string | undefined {
  const [name, ...extra] = positionals;
  const allowed = command.arguments ?? 0;
  if (extra.length > allowed) {
    const what = allowed === 0 ? "no argument" : "one argument, not";
    return `\`${name}\` takes ${what} ${JSON.stringify(extra[allowed])}. See --help.`;
  }
  const foreign = Object.keys(values).find(
    (option) => !GLOBAL_OPTIONS.includes(option) && !command.options.includes(option),
  );
  if (foreign) return `\`${name}\` has no --${foreign} option. See --help.`;
  return undefined;
}

async function main(argv: string[], io: CliIo, started: (config: DatabaseConfig) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      down: { type: "boolean" },
      force: { type: "boolean" },
      at: { type: "string" },
      kind: { type: "string" },
      format: { type: "string" },
      workspace: { type: "string" },
      uri: { type: "string" },
      token: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      verbose: { type: "boolean", short: "v" },
      "dry-run": { type: "boolean" },
      playground: { type: "boolean" },
      name: { type: "string" },
      account: { type: "string" },
    },
  });
  const name = positionals[0];
  if (values.help || name === "help") {
    say(io, USAGE);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    if (name)
      complain(io, `Unknown command \`${name}\`. The commands are: ${Object.keys(COMMANDS).join(", ")}.\n`);
    say(io, USAGE);
    return 2;
  }
  if (values.playground && name && !PLAYGROUND_COMMANDS.has(name) && name !== "tick") {
    complain(
      io,
      `\`${name}\` does not work on the playground's data: \`--playground\` goes with ${[...PLAYGROUND_COMMANDS].join(", ")}. The playground sets up its own stand-in Slack, GitHub and MLflow, and Reset starts it over.`,
    );
    return 2;
  }
  const problem = usageProblem(positionals, values, command);
  const run = problem ?? command.prepare(values, positionals.slice(1), io);
  if (typeof run === "string") {
    complain(io, run);
    return 2;
  }
  let config = loadCommandConfig(command.purpose, io.env);
  started(config);
  if (values.playground) {
    if (config.databaseUrl) {
      complain(
        io,
        "--playground works on the playground's embedded database, and DATABASE_URL is set: unset it to use --playground.",
      );
      return 2;
    }
    config = { ...config, dataDir: playgroundDataDir(config.dataDir) };
  }
  // Logs go to stderr so stdout carries only the command's own output.
  const level = config.logLevel === "info" ? "warn" : config.logLevel;
  const logger = createLogger(
    level,
    io.stderr === process.stderr ? pino.destination({ fd: 2, sync: true }) : io.stderr,
  );
  const database =
    io.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger }));
  try {
    const code = (await run({ io, config, database, logger, values })) ?? 0;
    // Only where --playground would help: other commands refuse it.
    if (!config.databaseUrl && !values.playground && PLAYGROUND_COMMANDS.has(name ?? ""))
      await notePlaygroundData(io, database, config.dataDir);
    return code;
  } finally {
    if (database !== io.database) await database.close();
  }
}

/**
 * After the playground, its teams are in DATA_DIR/playground, not in the bot's embedded database: when this
 * one has no team and the playground's folder exists, say where the data is instead of an empty answer.
 */
async function notePlaygroundData(io: CliIo, database: DatabaseHandle, dataDir: string): Promise<void> {
  const playground = playgroundDataDir(dataDir);
  if (!existsSync(join(playground, "pgdata"))) return;
  const team = await database.db
    .selectFrom("ml_teams")
    .select("id")
    .limit(1)
    .executeTakeFirst()
    .catch(() => ({ id: 0 })); // a database not migrated yet says nothing
  if (team) return;
  complain(
    io,
    `Note: the embedded database in ${dataDir} has no ML teams, but the playground's (${playground}) has data. ` +
      "To work on the playground's data, stop the playground and add --playground, e.g. npm run mlops -- export --playground",
  );
}

function loadCommandConfig(purpose: Command["purpose"], env: NodeJS.ProcessEnv): DatabaseConfig {
  if (purpose === "tick") return loadConfig(env, "tick");
  if (purpose === "tokens") return loadConfig(env, "tokens");
  return loadConfig(env, "database");
}

function describePurge({ teamId, rows, dryRun }: Purged): string {
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  if (total === 0) return `Workspace ${teamId} has no rows in this database: nothing to delete.`;
  const lines = Object.entries(rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `  ${table}: ${n}`);
  return dryRun
    ? [
        `Would delete ${total} rows of workspace ${teamId}:`,
        ...lines,
        "Nothing was deleted (--dry-run).",
      ].join("\n")
    : [`Deleted ${total} rows of workspace ${teamId}, in one transaction:`, ...lines].join("\n");
}

/**
 * Runs one command, as `npm run mlops -- <argv>` does, and resolves to its exit code: 2 for a usage error, 1
 * when it failed or could not start (said in one sentence where it can be).
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  useUndiciAgent();
  // Set once the configuration is read, so a start-up error can say which database it could not reach.
  let config: DatabaseConfig | undefined;
  try {
    return await main(argv, io, (read) => {
      config = read;
    });
  } catch (err) {
    if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      complain(io, `${err.message}\n\n${USAGE}`);
      return 2;
    }
    complain(io, describeStartupError(err, config?.databaseUrl) ?? err);
    return 1;
  }
}
