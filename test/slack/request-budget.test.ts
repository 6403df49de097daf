import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/db/connect.js";
import type { Deps } from "../../src/deps.js";
import { databaseBudget, REQUEST_DATABASE_BUDGET_MS, requestDeps } from "../../src/slack/request-budget.js";
import { TEST_DATABASE_URL } from "../support/database.js";
import { testDeps } from "../support/deps.js";
import { useDatabase, useFakeSlack } from "../support/fixture.js";

type Work = (deps: Deps) => Promise<void>;

/** Bolt's arguments for an event (acked before any middleware: no ack) or a command (with its ack). */
const eventArgs = (work: Work) => {
  const context = { isEnterpriseInstall: false };
  return {
    event: { type: "app_home_opened" },
    body: {},
    context,
    next: () => work(requestDeps(context)),
  } as never;
};
const commandArgs = (work: Work) => {
  const context = { isEnterpriseInstall: false };
  return {
    command: {},
    body: {},
    context,
    ack: async () => {},
    next: () => work(requestDeps(context)),
  } as never;
};

describe("databaseBudget", () => {
  const slack = useFakeSlack();
  const database = useDatabase();

  it("never makes a command wait behind events: its ack is due within Slack's 3 s", async () => {
    const budget = databaseBudget(testDeps(database.db, slack), 1);
    let release = () => {};
    const event = budget(eventArgs(() => new Promise<void>((resolve) => (release = resolve))));
    let commandRan = false;
    await budget(
      commandArgs(async () => {
        commandRan = true;
      }),
    );
    expect(commandRan).toBe(true);
    release();
    await event;
  });

  // The budget applies to a real Postgres pool (the embedded database has one in-process connection).
  describe.runIf(TEST_DATABASE_URL)("on Postgres", () => {
    it("works on a few events at a time, in order, each with its whole budget when its turn comes", async () => {
      const budget = databaseBudget(testDeps(database.db, slack), 2);
      let running = 0;
      let most = 0;
      const started: number[] = [];
      // Each holds its turn with a statement that needs most of a whole budget: a budget begun on arrival
      // would have run out for every event that waited for a turn.
      const needs = (REQUEST_DATABASE_BUDGET_MS - 350) / 1_000;
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          budget(
            eventArgs(async (deps) => {
              started.push(index);
              running++;
              most = Math.max(most, running);
              await sql`select pg_sleep(${needs})`.execute(deps.db);
              running--;
            }),
          ).then(
            () => "done",
            (err: unknown) => (isDatabaseUnavailable(err) ? "out of time" : String(err)),
          ),
        ),
      );
      expect(most).toBe(2);
      expect(started).toEqual([0, 1, 2, 3, 4]);
      expect(outcomes).toEqual(["done", "done", "done", "done", "done"]);
    });

    it("gives each request one budget for all its queries", async () => {
      const budget = databaseBudget(testDeps(database.db, slack));
      const outcome = await budget(
        commandArgs(async (deps) => {
          // Each fits in the budget; together they do not.
          for (let i = 0; i < 3; i++) await sql`select pg_sleep(0.5)`.execute(deps.db);
        }),
      ).then(
        () => "done",
        (err: unknown) => (isDatabaseUnavailable(err) ? "out of time" : String(err)),
      );
      expect(outcome).toBe("out of time");
    });
  });
});
