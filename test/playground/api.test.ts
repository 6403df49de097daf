// The playground's own API, without a browser: the clock, the reset button, and what it refuses.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlayground, startPlayground } from "../../src/playground/start.js";
import { useScratchFolder, wallClockFrom } from "../support/fixture.js";
import { silentLogger } from "../support/logger.js";

// The playground always keeps its own embedded database: the embedded run is enough.
const onPostgresRun = Boolean(process.env.TEST_DATABASE_URL);
const scratch = useScratchFolder("mlops-playground-api-");
let playground: RunningPlayground;
// A Wednesday afternoon that runs on in real time: no run of the suite crosses into a new round.
const wall = wallClockFrom("2026-12-02T14:00:00Z");
const start = (dir = "d", clock = wall) =>
  startPlayground({
    logger: silentLogger(),
    env: { PORT: "0", DATA_DIR: join(scratch.path, dir) },
    wall: clock,
  });
const base = (p = playground) => `http://127.0.0.1:${p.port}/playground/api`;

beforeAll(async () => {
  playground = await start();
});
afterAll(() => playground?.stop());

const call = (name: string, body: object = {}) =>
  fetch(`${base()}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "UAMARA", ...body }),
  });

interface State {
  now: string;
  messages: Record<
    string,
    {
      ts: string;
      text: string;
      blocks?: unknown;
      ephemeral: boolean;
      file?: { name: string; size: string; url: string };
    }[]
  >;
}
const state = async (p = playground): Promise<State> =>
  (await fetch(`${base(p)}/state?user=UAMARA`)).json() as Promise<State>;
const prompted = (s: State, channel: string) =>
  s.messages[channel]?.filter((m) => /Time for .* check-in/.test(m.text)) ?? [];

describe.skipIf(onPostgresRun)("the playground's API", () => {
  it("starts with the demo: every team channel has this round's prompt", async () => {
    const s = await state();
    for (const channel of ["CCHURN", "CFRAUD", "CRECS", "CSEARCH", "CFORECAST"])
      expect(prompted(s, channel)).toHaveLength(1);
  });

  it("started on a Monday before this round's 10:00 prompt, starts at the prompt so the demo opens the same", async () => {
    const early = await start("monday", wallClockFrom("2026-12-07T00:10:00Z"));
    try {
      const s = await state(early);
      expect(s.now.slice(0, 16)).toBe("2026-12-07T10:00");
      for (const channel of ["CCHURN", "CFRAUD", "CRECS", "CSEARCH", "CFORECAST"])
        expect(prompted(s, channel)).toHaveLength(1);
    } finally {
      await early.stop();
    }
  });

  it("sends #channel in a command as Slack does with should_escape, so /mlops status #other names that team", async () => {
    await call("command", { channel: "CCHURN", text: "status #forecasting" });
    const answer = (await state()).messages.CCHURN?.filter((m) => m.ephemeral).at(-1);
    expect(answer?.text).toContain("Demand forecasting"); // the channel is #forecasting: no team has that name
  });

  it("opens the Home tab as app_home_opened: the bot publishes it for that person", async () => {
    expect((await call("home")).status).toBe(200);
    await expect
      .poll(async () => JSON.stringify(((await state()) as unknown as { home: unknown }).home), {
        timeout: 5_000,
      })
      .toContain("Your ML teams");
  });

  it("moves the clock forward only, running the tick there", async () => {
    const before = new Date((await state()).now);
    const moved = await call("clock", { jump: "day" });
    expect(moved.status).toBe(200);
    const { result } = (await moved.json()) as { result: { now: string } };
    expect(new Date(result.now).getTime() - before.getTime()).toBeGreaterThanOrEqual(86_400_000);
    const back = await call("clock", { to: before.toISOString() });
    expect(back.status).toBe(400);
    expect(((await back.json()) as { error: string }).error).toBe(
      "The clock only moves forward. Choose a time after the one shown.",
    );
  });

  it("refuses a request that is not JSON, as another site's form would send", async () => {
    const res = await fetch(`${base()}/reset`, { method: "POST", body: "user=UAMARA" });
    expect(res.status).toBe(415);
  });

  it("starts over on reset: the clock is back to now and only the demo's messages are there", async () => {
    await call("command", { channel: "CCHURN", text: "help" });
    expect((await state()).messages.CCHURN?.some((m) => m.ephemeral)).toBe(true);
    expect((await call("reset")).status).toBe(200);
    const s = await state();
    expect(Math.abs(new Date(s.now).getTime() - wall())).toBeLessThan(60_000);
    expect(s.messages.CCHURN?.some((m) => m.ephemeral)).toBe(false);
    expect(prompted(s, "CCHURN")).toHaveLength(1);
  });

  it("stamps new messages by the clock again after a reset that follows a jump", async () => {
    await call("clock", { jump: "day" });
    expect((await call("reset")).status).toBe(200);
    const [prompt] = prompted(await state(), "CCHURN");
    expect(Number(prompt?.ts) * 1000).toBeLessThan(wall() + 60_000);
  });

  it("delivers /mlops export as a file shared in the person's direct message", async () => {
    await call("command", { channel: "CCHURN", text: "export" });
    await expect
      .poll(
        async () =>
          (await state()).messages.DUAMARA?.flatMap((m) =>
            m.file ? [`${m.file.name}, ${m.file.size}, ${m.file.url}`] : [],
          ).join("\n") ?? "",
        { timeout: 10_000 },
      )
      .toMatch(/mlops-answers-CCHURN-[\d-]+\.csv, [\d.]+ (bytes|KB), \/playground\/files\/F\w+/);
  });

  it("after a restart shows what was there, with the clock where it was left", async () => {
    await call("command", { channel: "CFRAUD", text: "help" });
    await call("clock", { jump: "hour" });
    const before = await state();
    await playground.stop();
    playground = await start();
    const after = await state();
    expect(after.messages).toEqual(before.messages);
    const drift = new Date(after.now).getTime() - new Date(before.now).getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(60_000);
  });
});
