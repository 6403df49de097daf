import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/db/deliveries.js";
import { OutcomeRecorder } from "../../src/scheduler/outcomes.js";

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
