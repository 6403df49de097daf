import { describe, expect, it } from "vitest";
import { mapPool } from "../src/slots.js";

describe("mapPool", () => {
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
