import { describe, expect, it } from "vitest";
import { ChannelPacer } from "../../src/scheduler/pacer.js";

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
