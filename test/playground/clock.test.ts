import { describe, expect, it } from "vitest";
import { demoStartAt, jumpTarget, PlaygroundClock } from "../../src/playground/clock.js";

const UTC_WEEKLY = { cadence: "weekly", checkinDay: 1, checkinTime: "10:00", timeZone: "UTC" } as const;
const WEDNESDAY = new Date("2026-12-02T07:00:00Z");

describe("the playground's clock", () => {
  it("jumps to the next prompt, Thursday reminder and Monday digest after now", () => {
    expect(jumpTarget("prompt", UTC_WEEKLY, WEDNESDAY).toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(jumpTarget("reminder", UTC_WEEKLY, WEDNESDAY).toISOString()).toBe("2026-12-03T10:00:00.000Z");
    expect(jumpTarget("digest", UTC_WEEKLY, WEDNESDAY).toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(jumpTarget("hour", UTC_WEEKLY, WEDNESDAY).toISOString()).toBe("2026-12-02T08:00:00.000Z");
  });

  it("on Monday before 09:00 the digest still ahead is this morning's", () => {
    const early = new Date("2026-12-07T08:00:00Z");
    expect(jumpTarget("digest", UTC_WEEKLY, early).toISOString()).toBe("2026-12-07T09:00:00.000Z");
    expect(jumpTarget("prompt", UTC_WEEKLY, early).toISOString()).toBe("2026-12-07T10:00:00.000Z");
  });

  it("moves forward from the wall clock, never back, and starts over on reset", () => {
    let wall = WEDNESDAY.getTime();
    const clock = new PlaygroundClock(() => wall);
    expect(clock.moveTo(new Date("2026-12-07T09:00:00Z"))).toBe(true);
    wall += 60_000; // a minute later on the wall, a minute later in the playground
    expect(clock.now().toISOString()).toBe("2026-12-07T09:01:00.000Z");
    expect(clock.moveTo(new Date("2026-12-03T00:00:00Z"))).toBe(false);
    expect(clock.now().toISOString()).toBe("2026-12-07T09:01:00.000Z");
    clock.reset();
    expect(clock.now().getTime()).toBe(wall);
  });

  it("starts a fresh demo at this round's prompt on Monday morning, and at now once the prompt is past", () => {
    expect(demoStartAt(UTC_WEEKLY, new Date("2026-12-07T00:10:00Z")).toISOString()).toBe(
      "2026-12-07T10:00:00.000Z",
    );
    expect(demoStartAt(UTC_WEEKLY, new Date("2026-12-07T10:00:00Z")).toISOString()).toBe(
      "2026-12-07T10:00:00.000Z",
    );
    expect(demoStartAt(UTC_WEEKLY, WEDNESDAY)).toEqual(WEDNESDAY);
  });
});
