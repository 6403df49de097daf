import { describe, expect, it } from "vitest";
import { ChannelPacer, WORKSPACE_LIMIT_CHANNELS } from "../../src/scheduler/pacer.js";

function pacerAt(start: number) {
  const time = { now: start };
  return { time, pacer: new ChannelPacer(1_000, () => time.now) };
}

describe("ChannelPacer", () => {
  it("spaces one channel's messages a second apart and lets other channels through at once", () => {
    const { time, pacer } = pacerAt(10_000);
    pacer.book("T1", "C1");
    expect(pacer.readyAt("T1", "C1")).toBe(11_000);
    expect(pacer.readyAt("T1", "C2")).toBeLessThanOrEqual(time.now);
    time.now += 300;
    pacer.book("T1", "C1");
    expect(pacer.readyAt("T1", "C1")).toBe(12_000);
  });

  it("holds a rate-limited channel for its Retry-After, and only that channel", () => {
    const { time, pacer } = pacerAt(10_000);
    pacer.rateLimited("T1", "C1", 10_000);
    expect(pacer.readyAt("T1", "C1")).toBe(20_000);
    expect(pacer.readyAt("T1", "C2")).toBeLessThanOrEqual(time.now);
    expect(pacer.readyAt("T2", "C1")).toBeLessThanOrEqual(time.now);
  });

  it("holds a whole workspace when several of its channels are refused at once, and no other workspace", () => {
    const { time, pacer } = pacerAt(10_000);
    for (let i = 0; i < WORKSPACE_LIMIT_CHANNELS; i++) pacer.rateLimited("T1", `C${i}`, 5_000);
    expect(pacer.readyAt("T1", "CQUIET")).toBe(15_000);
    expect(pacer.readyAt("T2", "CQUIET")).toBeLessThanOrEqual(time.now);
  });
});
