import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/api/rate-limit.js";

describe("RateLimiter", () => {
  it("lets a burst of 20 through, then one every 50 ms, each token on its own", () => {
    let now = 0;
    const limiter = new RateLimiter(20, () => now);
    const burst = Array.from({ length: 21 }, () => limiter.take("a"));
    expect(burst.filter((d) => d.allowed)).toHaveLength(20);
    expect(burst.at(-1)).toEqual({ allowed: false, retryAfter: 1 });
    expect(limiter.take("b").allowed).toBe(true);
    now = 49;
    expect(limiter.take("a").allowed).toBe(false);
    now = 100;
    expect(limiter.take("a").allowed).toBe(true);
    now = 10_000;
    expect(Array.from({ length: 21 }, () => limiter.take("a")).filter((d) => d.allowed)).toHaveLength(20);
  });
});
