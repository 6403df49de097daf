import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/db/deliveries.js";
import { OutcomeRecorder } from "../../src/scheduler/outcomes.js";
import { ChannelPacer } from "../../src/scheduler/pacer.js";
import { batches, mapPool } from "../../src/scheduler/pool.js";

function outcome(key: string): Outcome {
  return { key, attempt: 1, status: "sent", at: new Date(0), channelId: "C1", messageTs: "1.1", error: null };
}

describe("OutcomeRecorder", () => {
  it("writes outcomes in batches, by size or after a short delay", async () => {
    const writes: string[][] = [];
    const recorder = new OutcomeRecorder(
      async (batch) => void writes.push(batch.map((o) => o.key)),
      () => {},
      50,
      2,
    );
    recorder.add(outcome("a"));
    recorder.add(outcome("b"));
    recorder.add(outcome("c"));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(writes).toEqual([["a", "b"], ["c"]]);
    await recorder.flush();
    expect(writes).toHaveLength(2);
  });

  it("tries a failed write once more, then reports it", async () => {
    let calls = 0;
    const failed: string[] = [];
    const recorder = new OutcomeRecorder(
      async () => {
        calls++;
        throw new Error("database unavailable");
      },
      (_err, batch) => failed.push(...batch.map((o) => o.key)),
    );
    recorder.add(outcome("a"));
    await recorder.flush();
    expect(calls).toBe(2);
    expect(failed).toEqual(["a"]);
  });
});

describe("ChannelPacer", () => {
  it("spaces one channel's messages and lets other channels through at once", async () => {
    let clock = 1_000;
    const slept: number[] = [];
    const pacer = new ChannelPacer(
      1_000,
      async (ms) => {
        slept.push(ms);
      },
      () => clock,
    );
    await pacer.wait("C1");
    await pacer.wait("C2");
    await pacer.wait("C1");
    clock += 300;
    await pacer.wait("C1");
    expect(slept).toEqual([1_000, 1_700]);
  });
});

describe("pool helpers", () => {
  it("batches whole lanes by size", () => {
    expect(batches([[1, 2], [3], [4, 5, 6], [7]], 3)).toEqual([[[1, 2], [3]], [[4, 5, 6]], [[7]]]);
  });

  it("runs at most `limit` at a time and keeps the order", async () => {
    let running = 0;
    let most = 0;
    const results = await mapPool([30, 10, 20, 5], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10]);
    expect(most).toBe(2);
  });
});
