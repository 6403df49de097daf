import { describe, expect, it } from "vitest";
import { useBot } from "../support/fixture.js";

const bot = useBot();

describe("health endpoints", () => {
  it("reports liveness and readiness on the same port", async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: "ok" });
  });
});
