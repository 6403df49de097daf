// After the playground, `npm run mlops -- export` finds the bot's own embedded database empty: the CLI says
// where the data is, and --playground works on the playground's database. Embedded databases only.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliDatabase } from "../support/cli.js";
import { runCliHere } from "../support/cli-here.js";
import { useScratchFolder } from "../support/fixture.js";
import { answer, seedTeam } from "../support/seed.js";

const scratch = useScratchFolder("mlops-cli-playground-");
const playground = cliDatabase(
  () => undefined,
  () => join(scratch.path, "playground"),
);

describe("the CLI after the playground", () => {
  it("says the playground holds the data, and --playground exports it", { timeout: 240_000 }, async () => {
    await playground.use(async (db) => {
      const id = await seedTeam(db, { channelId: "CPLAY", name: "Churn", createdAt: "2026-11-16T12:00:00Z" });
      await answer(db, { mlTeamId: id, period: "2026-11-23", userId: "UAMARA", met: ["automated_builds"] });
    });
    const env = { DATA_DIR: scratch.path, LOG_LEVEL: "warn" };

    const plain = await runCliHere(["export"], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split("\n")).toHaveLength(1); // the header only
    expect(plain.stderr).toContain(
      `Note: the embedded database in ${scratch.path} has no ML teams, but the playground's (${join(scratch.path, "playground")}) has data.`,
    );
    expect(plain.stderr).toContain("add --playground, e.g. npm run mlops -- export --playground");

    const fromPlayground = await runCliHere(["export", "--playground"], env);
    expect(fromPlayground.code).toBe(0);
    expect(fromPlayground.stdout).toContain("T0,CPLAY,2026-11-23,UAMARA");
    expect(fromPlayground.stderr).toBe("");

    const refused = await runCliHere(["export", "--playground"], {
      ...env,
      DATABASE_URL: "postgres://x@127.0.0.1:1/x",
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unset it to use --playground");

    // Its Slack is inside the playground: a tick here would post through another's, so it is refused.
    const tick = await runCliHere(["tick", "--playground"], { ...env, SLACK_BOT_TOKEN: "xoxb-real" });
    expect(tick.code).toBe(2);
    expect(tick.stderr).toContain(
      "`tick` does not work on the playground's data: its Slack is inside the playground. Move the playground's clock",
    );
    // Nor does pointing the playground at another MLflow: its demo teams read the stand-in's, and would go stale.
    const mlflow = await runCliHere(
      ["evidence", "mlflow", "--workspace", "T0DEMO", "--uri", "http://127.0.0.1:4150", "--playground"],
      env,
    );
    expect(mlflow.code).toBe(2);
    expect(mlflow.stderr).toContain(
      "`evidence` does not work on the playground's data: `--playground` goes with migrate, export, purge, import.",
    );
  });
});
