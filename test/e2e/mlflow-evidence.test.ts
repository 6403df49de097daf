// Issue 20's MLflow half of "Done means": runs in a linked experiment show up as experiment_tracking evidence
// after the next tick's poll; an MLflow that is slow or down delays none of the tick's Slack work, and the
// source is shown stale, with since when, until it answers again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeMlflow } from "../../src/fake-mlflow/server.js";
import { useBot } from "../support/fixture.js";
import { checkIn, newTeam, type Where } from "../support/flows.js";
import { type CommandReply, replyOf } from "../support/harness.js";
import { blockIds, visibleText } from "../support/messages.js";
import { ALICE } from "../support/payloads.js";
import { introducePeople } from "../support/people.js";
import { kindOf, posts, tickAt } from "../support/scheduled.js";
import { seedTeam } from "../support/seed.js";
import { SEED_LEVELS } from "../support/seed-levels.js";

let now = new Date("2026-03-23T10:30:00Z");
const mlflow = new FakeMlflow();
beforeAll(() => mlflow.start());
afterAll(() => mlflow.stop());
const bot = useBot({
  clock: () => now,
  env: () => ({ MLFLOW_TRACKING_URI: mlflow.url }),
  setup: introducePeople,
});
const LEVEL_1 = SEED_LEVELS[1]?.answer ?? { people: "", release: "", checked: [] };
const HOUR = 3_600_000;

async function command(text: string, where: Where): Promise<CommandReply> {
  return replyOf(await bot.command(text, where));
}

function blockText(reply: CommandReply, blockId: string): string {
  return visibleText(reply.blocks?.find((b) => b.block_id === blockId) ?? null);
}

async function tick(at: Date, mlflowBudgetMs = 2_000) {
  now = at;
  return tickAt(bot.bot.deps, at, { mlflowBudgetMs });
}

describe("MLflow evidence, polled by the tick", () => {
  it("runs in a linked experiment show as evidence:experiment_tracking:supports after the next tick", async () => {
    now = new Date("2026-03-23T10:30:00Z");
    const team = await newTeam(bot, "Churn", "churn");
    await checkIn(bot, team, LEVEL_1);
    mlflow.state.addExperiment("churn model");
    expect(visibleText(await command("link mlflow experiment churn model", team))).toContain(
      "*Churn* is now linked to the MLflow experiment `churn model`.",
    );
    mlflow.state.addRun("churn model", { startTime: now.getTime() - 3 * HOUR, sourceType: "NOTEBOOK" });
    mlflow.state.addRun("churn model", { startTime: now.getTime() - 2 * HOUR, sourceType: "JOB" });
    // Before any poll, MLflow has told the bot nothing.
    expect(blockIds(await command("status", team))).not.toContain("evidence:experiment_tracking:supports");

    await tick(new Date("2026-03-23T10:31:00Z"));
    const status = await command("status", team);
    // The team has not said it tracks experiments: the runs show that it does.
    expect(blockText(status, "evidence:experiment_tracking:supports")).toContain(
      "MLflow shows it in place: 2 MLflow runs in 28 days, last 2 h ago",
    );
    expect(visibleText(await command("evidence", team))).toContain(
      "• MLflow experiment `churn model` — last event 2 h ago",
    );
  });

  it("a slow, then down, MLflow delays no prompt; the source shows stale since its first failure, then recovers", async () => {
    const channelId = "CSLOWML";
    await seedTeam(bot.db, {
      channelId,
      name: "Slow",
      createdAt: "2026-03-20T00:00:00Z",
      respondents: [ALICE.userId],
    });
    const team = { actor: ALICE, channelId };
    mlflow.state.addExperiment("fraud");
    await command("link mlflow experiment fraud", team);
    mlflow.state.addRun("fraud", { startTime: Date.parse("2026-03-30T09:00:00Z"), sourceType: "JOB" });

    // Monday 30 Mar 10:30Z: the team's prompt is due; MLflow would answer in a minute.
    mlflow.slow(60_000);
    const started = performance.now();
    await tick(new Date("2026-03-30T10:30:00Z"), 1_000);
    const took = performance.now() - started;
    mlflow.slow(0);
    expect(posts(bot.slack, channelId).map(kindOf)).toEqual(["prompt"]);
    // The prompt went out before the poll began; the poll then gave up at its budget, not MLflow's pace.
    expect(took).toBeLessThan(20_000);
    const stale = await command("evidence", team);
    expect(blockText(stale, "evidence-stale")).toMatch(
      /^:hourglass: MLflow experiment `fraud` could not be read just now: MLflow did not answer within \d+ ms$/,
    );
    expect(blockIds(await command("status", team))).not.toContain("evidence:experiment_tracking:supports");

    await mlflow.down();
    await tick(new Date("2026-03-30T10:46:00Z"), 1_000);
    expect(blockText(await command("evidence", team), "evidence-stale")).toMatch(
      /^:hourglass: MLflow experiment `fraud` has not been read since 16 min ago: MLflow is unreachable \(\w+\)$/,
    );

    await mlflow.up();
    await tick(new Date("2026-03-30T11:02:00Z"));
    const fresh = await command("evidence", team);
    expect(blockIds(fresh)).not.toContain("evidence-stale");
    expect(blockIds(fresh)).toContain("evidence:experiment_tracking:supports");

    // Down at the next poll, then fixed: linking it again brings its next read forward to the next tick,
    // as the link's reply promises ("after the next poll"), instead of 15 minutes after the failed one.
    await mlflow.down();
    await tick(new Date("2026-03-30T11:18:00Z"), 1_000);
    expect(blockIds(await command("evidence", team))).toContain("evidence-stale");
    await mlflow.up();
    expect(visibleText(await command("link mlflow experiment fraud", team))).toContain(
      "keeps its link to the MLflow experiment `fraud`.",
    );
    await tick(new Date("2026-03-30T11:19:00Z"));
    expect(blockIds(await command("evidence", team))).not.toContain("evidence-stale");

    // Down again, then fixed, and the bot restarted (as after setting its key or a server's address): the
    // first tick after the start reads it, though its last failed poll was only a minute before.
    await mlflow.down();
    await tick(new Date("2026-03-30T11:35:00Z"), 1_000);
    expect(blockIds(await command("evidence", team))).toContain("evidence-stale");
    await mlflow.up();
    await bot.restart();
    await tick(new Date("2026-03-30T11:36:00Z"));
    expect(blockIds(await command("evidence", team))).not.toContain("evidence-stale");
  });

  it("links the experiment a person named with an &, which Slack sends as &amp;", async () => {
    now = new Date("2026-04-06T10:30:00Z");
    const team = await newTeam(bot, "Research", "research");
    mlflow.state.addExperiment("R&D <v2>");
    expect(visibleText(await command("link mlflow experiment R&amp;D &lt;v2&gt;", team))).toContain(
      "*Research* is now linked to the MLflow experiment `R&amp;D &lt;v2&gt;`.",
    );
    mlflow.state.addRun("R&D <v2>", { startTime: now.getTime() - HOUR, sourceType: "JOB" });
    await tick(new Date("2026-04-06T10:31:00Z"));
    expect(visibleText(await command("evidence", team))).toContain(
      ":mag: MLflow shows it in place: 1 MLflow run in 28 days, last 1 h ago (in R&amp;D &lt;v2&gt;)",
    );
  });

  it("links only a name MLflow has, and says when MLflow could not be asked", async () => {
    now = new Date("2026-04-13T10:30:00Z");
    const team = await newTeam(bot, "Vision", "vision");
    expect(visibleText(await command("link mlflow experiment Vision Training", team))).toBe(
      ":no_entry: MLflow has no experiment called `Vision Training`, so nothing was linked. MLflow's names are exact (capitals and spaces count): copy it from MLflow's page.",
    );
    expect(visibleText(await command("link mlflow model vision-classifier", team))).toContain(
      ":no_entry: MLflow has no registered model called `vision-classifier`, so nothing was linked.",
    );
    expect(visibleText(await command("evidence", team))).toContain("Nothing linked yet.");

    mlflow.state.addModel("vision-classifier");
    expect(visibleText(await command("link mlflow model vision-classifier", team))).toBe(
      ":link: *Vision* is now linked to the MLflow registered model `vision-classifier`. `/mlops evidence` shows what it says after the next poll.",
    );

    // A slow MLflow: the link is made within the request's time, and the reply says MLflow was not asked.
    mlflow.slow(5_000);
    try {
      expect(visibleText(await command("link mlflow model vision-detector", team))).toContain(
        "MLflow could not be asked whether it exists just now (MLflow did not answer within",
      );
    } finally {
      mlflow.slow(0);
    }
    await mlflow.down();
    try {
      expect(visibleText(await command("link mlflow experiment vision-training", team))).toMatch(
        /^:link: \*Vision\* is now linked to the MLflow experiment `vision-training`\. `\/mlops evidence` shows what it says after the next poll\. MLflow could not be asked whether it exists just now \(MLflow is unreachable \(\w+\)\); if the name is wrong, `\/mlops evidence` will say so\.$/,
      );
    } finally {
      await mlflow.up();
    }
    await tick(new Date("2026-04-13T10:31:00Z"));
    expect(blockText(await command("evidence", team), "evidence-stale")).toMatch(
      /^:hourglass: MLflow experiment `vision-training` could not be read just now: not found in MLflow: .+/,
    );
  });
});
