import { describe, expect, it } from "vitest";
import { remainingBudgetMs } from "../../src/db/deadline.js";
import { databaseBudget, REQUEST_DATABASE_BUDGET_MS } from "../../src/slack/request-budget.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bolt's arguments for an event (acked before any middleware: no ack) or a command (with its ack). */
const eventArgs = (next: () => Promise<void>) =>
  ({ event: { type: "app_home_opened" }, body: {}, next }) as never;
const commandArgs = (next: () => Promise<void>) =>
  ({ command: {}, body: {}, ack: async () => {}, next }) as never;

describe("databaseBudget", () => {
  it("works on a few events at a time, in order, each with its whole budget when its turn comes", async () => {
    const budget = databaseBudget(2);
    let running = 0;
    let most = 0;
    const started: { index: number; remaining: number }[] = [];
    await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        budget(
          eventArgs(async () => {
            started.push({ index, remaining: remainingBudgetMs() ?? 0 });
            running++;
            most = Math.max(most, running);
            await sleep(150);
            running--;
          }),
        ),
      ),
    );
    expect(most).toBe(2);
    expect(started.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    // The last waited two turns (at least 300 ms) and still starts with nearly all of its budget (a busy
    // machine may stall the loop a little; a budget begun at arrival would have 900 ms at most).
    for (const { remaining } of started) expect(remaining).toBeGreaterThan(REQUEST_DATABASE_BUDGET_MS - 200);
  });

  it("never makes a command wait behind events: its ack is due within Slack's 3 s", async () => {
    const budget = databaseBudget(1);
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
});
