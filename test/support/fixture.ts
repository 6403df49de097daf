// Each test file's set-up in a line or two: a call registers its own beforeAll/afterAll (and, if asked,
// beforeEach) and returns a handle whose parts are there once the file's tests run. Called inside a
// describe, the set-up is that describe's alone.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { DatabaseHandle } from "../../src/db/connect.js";
import type { Database } from "../../src/db/schema.js";
import { FakeSlack } from "../../src/fake-slack/server.js";
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./database.js";
import { type BotUnderTest, type HarnessOptions, startBotUnderTest } from "./harness.js";
import { resetTables } from "./seed.js";

export interface Lifecycle {
  /** Start every test from empty tables (and, for a bot, a fake Slack that has seen no calls). */
  resetBetweenTests?: boolean;
}

export interface DatabaseFixture {
  readonly db: Kysely<Database>;
  readonly handle: TestDatabase;
}

export interface DatabaseOptions extends Lifecycle, TestDatabaseOptions {
  /** Runs once the database is migrated, before the first test: rows every test reads. */
  setup?: (db: Kysely<Database>) => unknown;
}

/** A migrated, empty database of the file's own, closed (and dropped) after its tests. */
export function useDatabase(options: DatabaseOptions = {}): DatabaseFixture {
  const database = new Late<TestDatabase>("the test database");
  beforeAll(async () => {
    database.set(await createTestDatabase(options));
    await options.setup?.(database.get().db);
  });
  afterAll(async () => database.take()?.close());
  if (options.resetBetweenTests) beforeEach(() => resetTables(database.get().db));
  return {
    get db() {
      return database.get().db;
    },
    get handle() {
      return database.get();
    },
  };
}

/** A fake Slack Web API on loopback for the file's tests, for those that call the scheduler directly. */
export function useFakeSlack(options: Lifecycle = {}): FakeSlack {
  const slack = new FakeSlack();
  beforeAll(async () => {
    await slack.start();
  });
  afterAll(() => slack.stop());
  if (options.resetBetweenTests) beforeEach(() => slack.reset());
  expectNothingMisread(slack);
  return slack;
}

/** After each test: nothing the bot sent has a "<" Slack would read as a link or mention (it must be &lt;). */
function expectNothingMisread(slack: FakeSlack): void {
  afterEach(() => {
    const misread = slack.misreadSinceAsked();
    if (misread.length > 0)
      throw new Error(
        `Slack would read a "<" here as a link or mention; it must be &lt;:\n${misread.join("\n")}`,
      );
  });
}

export interface BotOptions extends HarnessOptions, Lifecycle {
  /** Run on this database (its owner opens and closes it); by default the bot has one of its own. */
  database?: () => DatabaseHandle;
  /** Runs once the bot is up, before the first test: seed rows, tell the fake Slack about people, set up teams. */
  setup?: (bot: BotFixture) => unknown;
}

export interface BotFixture extends BotUnderTest {
  readonly db: Kysely<Database>;
  /** Stops the bot and starts it again on the same database and fake Slack, as a restart would. */
  restart(): Promise<void>;
}

/** The real bot over HTTP against a fake Slack, started before the file's tests and stopped after them. */
export function useBot(options: BotOptions = {}): BotFixture {
  const slack = new FakeSlack();
  const database = new Late<DatabaseHandle>("the bot's database");
  let owned: TestDatabase | undefined;
  const bot = new LiveBot(slack, database, options);
  beforeAll(async () => {
    await slack.start();
    if (options.database) {
      database.set(options.database());
    } else {
      owned = await createTestDatabase();
      database.set(owned);
    }
    await bot.start();
    await options.setup?.(bot);
  });
  afterAll(async () => {
    await bot.stop();
    await slack.stop();
    await owned?.close();
  });
  if (options.resetBetweenTests) {
    beforeEach(async () => {
      await resetTables(bot.db);
      slack.reset();
    });
  }
  expectNothingMisread(slack);
  return bot;
}

class LiveBot implements BotFixture {
  private running = new Late<BotUnderTest>("the bot");

  constructor(
    readonly slack: FakeSlack,
    private readonly database: Late<DatabaseHandle>,
    private readonly options: HarnessOptions,
  ) {}

  get db() {
    return this.database.get().db;
  }
  get bot() {
    return this.running.get().bot;
  }
  get url() {
    return this.running.get().url;
  }

  async start(): Promise<void> {
    this.running.set(await startBotUnderTest(this.database.get(), this.slack, this.options));
  }
  async stop(): Promise<void> {
    await this.running.take()?.bot.stop();
  }
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  post: BotUnderTest["post"] = (...args) => this.running.get().post(...args);
  command: BotUnderTest["command"] = (...args) => this.running.get().command(...args);
  click: BotUnderTest["click"] = (...args) => this.running.get().click(...args);
  submit: BotUnderTest["submit"] = (...args) => this.running.get().submit(...args);
  event: BotUnderTest["event"] = (...args) => this.running.get().event(...args);
}

/** A folder of the file's own under the system's temporary directory, removed after its tests. */
export function useScratchFolder(prefix: string): { readonly path: string } {
  const folder = new Late<string>("the scratch folder");
  beforeAll(async () => {
    folder.set(await mkdtemp(join(tmpdir(), prefix)));
  });
  afterAll(async () => {
    const path = folder.take();
    if (path) await rm(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return folder.get();
    },
  };
}

/** A wall clock that reads `start` now and runs on in real time: a test picks the day without stopping time. */
export function wallClockFrom(start: string): () => number {
  const ahead = Date.parse(start) - Date.now();
  return () => Date.now() + ahead;
}

/** A value a beforeAll provides: reading it earlier is a mistake in the test file, said plainly. */
class Late<T> {
  private value: T | undefined;
  constructor(private readonly what: string) {}

  set(value: T): void {
    this.value = value;
  }
  get(): T {
    if (this.value === undefined)
      throw new Error(`${this.what} is not there yet: use it inside a test or hook`);
    return this.value;
  }
  /** The value, once: for the afterAll that disposes of it (undefined when its beforeAll failed). */
  take(): T | undefined {
    const value = this.value;
    this.value = undefined;
    return value;
  }
}
