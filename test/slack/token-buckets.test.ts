import { describe, expect, it } from "vitest";
import { admit, TokenBuckets, Warnings } from "../../src/slack/token-buckets.js";

const rule = { burst: 3, perSecond: 1 };

describe("token buckets per person and per workspace", () => {
  it("lets a burst through, then one a second, and says how long to wait", () => {
    const people = new TokenBuckets(rule);
    const workspaces = new TokenBuckets({ burst: 100, perSecond: 50 });
    const results = [0, 0, 0, 0].map(() => admit(people, workspaces, "T0:U1", "T0", 1_000));
    expect(results.map((r) => r.admitted)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ admitted: false, retryInMs: 1_000 });
    expect(admit(people, workspaces, "T0:U1", "T0", 1_500)).toEqual({ admitted: false, retryInMs: 500 });
    expect(admit(people, workspaces, "T0:U1", "T0", 2_000).admitted).toBe(true);
    expect(admit(people, workspaces, "T0:U2", "T0", 2_000).admitted).toBe(true);
  });

  it("refuses everyone of a workspace over its own limit, without using their personal tokens", () => {
    const people = new TokenBuckets({ burst: 10, perSecond: 1 });
    const workspaces = new TokenBuckets(rule);
    for (const user of ["U1", "U2", "U3"])
      expect(admit(people, workspaces, user, "T0", 0).admitted).toBe(true);
    expect(admit(people, workspaces, "U4", "T0", 0)).toEqual({ admitted: false, retryInMs: 1_000 });
    expect(people.level("U4", 0)).toBe(10);
    expect(admit(people, workspaces, "U5", "T1", 0).admitted).toBe(true);
  });

  it("tells a person once per wait, and again in the next one", () => {
    const warnings = new Warnings();
    expect(warnings.shouldTell("U1", 0, 2_000)).toBe(true);
    expect(warnings.shouldTell("U1", 1_999, 1)).toBe(false);
    expect(warnings.shouldTell("U2", 1_000, 2_000)).toBe(true);
    expect(warnings.shouldTell("U1", 2_000, 1_000)).toBe(true);
  });
});
