// What the bot says when it starts: which evidence sources are on, and a warning when MLflow tokens stored with
// TOKEN_ENCRYPTION_KEY cannot be opened because the bot runs without it.
import { describe, expect, it } from "vitest";
import { saveMlflowSettings } from "../src/db/mlflow.js";
import { useBot } from "./support/fixture.js";
import { capturingLogger } from "./support/logger.js";

const log = capturingLogger("info");
const bot = useBot({ logger: log.logger });
const KEY = { current: Buffer.alloc(32, 9), previous: undefined };

const started = () => log.lines().filter((l) => l.msg === "bot started");
const unreadable = () => log.lines().filter((l) => String(l.msg).startsWith("MLflow tokens are stored"));

describe("starting the bot", () => {
  it("says whether GitHub and MLflow evidence are on", () => {
    expect(started().at(-1)).toMatchObject({
      github: "off (no GITHUB_APP_ID)",
      mlflow: "only workspaces set with `evidence mlflow`",
    });
    expect(unreadable()).toEqual([]);
  });

  it("answers GitHub's webhooks, while GitHub evidence is off, with a 404 that says how to turn it on", async () => {
    const response = await fetch(`${bot.url}/github/webhooks`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error:
        "GitHub evidence is off on this bot: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE) and GITHUB_WEBHOOK_SECRET, see docs/evidence.md",
    });
  });

  it("warns of MLflow tokens it cannot open without TOKEN_ENCRYPTION_KEY, naming their workspaces", async () => {
    const at = new Date("2026-12-06T12:00:00Z");
    await saveMlflowSettings(bot.db, "T0", { uri: "https://mlflow.example.com", token: "dapi" }, KEY, at);
    await saveMlflowSettings(bot.db, "T9", { uri: "https://other.example.com", token: undefined }, KEY, at);
    await bot.restart();
    expect(unreadable()).toEqual([
      expect.objectContaining({
        level: "warn",
        workspaces: ["T0"],
        msg: "MLflow tokens are stored for these workspaces, sealed with TOKEN_ENCRYPTION_KEY, and the bot runs without it: their experiments and models stay stale until it is set",
      }),
    ]);
  });
});
