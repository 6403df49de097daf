import { describe, expect, it } from "vitest";
import { useBot } from "../../../support/fixture.js";
import { replyOf } from "../../../support/harness.js";
import { visibleText } from "../../../support/messages.js";
import { ALICE } from "../../../support/payloads.js";
import { seedTeam } from "../../../support/seed.js";

// /mlops link and /mlops unlink that cannot be read (link.ts, forms/link-command.ts): each says what is wrong and
// shows the usage, with its placeholders as Slack must receive them (a bare <owner> would be read as a link).
const bot = useBot();

async function linkReply(text: string): Promise<string> {
  return visibleText(await replyOf(await bot.command(text, { channelId: "CTEAM" })));
}

describe("/mlops link that cannot be read", () => {
  it.each([
    ["link github acme", "Name the repository as `&lt;owner&gt;/&lt;repo&gt;`, e.g. `acme/churn-model`."],
    [
      "link mlflow experiment",
      "Name an MLflow experiment or registered model: `mlflow experiment &lt;name&gt;` or `mlflow model &lt;name&gt;`.",
    ],
    [
      "unlink jira PROJ",
      "Name the system: `github &lt;owner&gt;/&lt;repo&gt;`, `mlflow experiment &lt;name&gt;` or `mlflow model &lt;name&gt;`.",
    ],
    ["link github acme/churn --frob", "`--frob` is not an option of `link github`."],
    ["link github acme/churn --training-workflow", "`--training-workflow` needs a value."],
    [
      "link github acme/churn for #ml-rnd",
      "`#ml-rnd` after `for` is not a channel Slack knows here: type # and pick the team's channel from Slack's list.",
    ],
  ])("%s: says what is wrong, then how it is written", async (text, problem) => {
    const reply = await linkReply(text);
    expect(reply.split("\n")[0]).toBe(problem);
    // The usage of the command typed: unlink takes no options.
    const verb = text.split(" ")[0];
    expect(reply).toContain(`\`/mlops ${verb} mlflow experiment &lt;name&gt; [for #channel]\``);
    expect(reply.includes("--model")).toBe(verb === "link");
  });
});

describe("/mlops link mlflow without an MLflow", () => {
  it("links nothing and says how an operator turns MLflow on", async () => {
    await seedTeam(bot.db, {
      channelId: "CTEAM",
      name: "Churn",
      createdAt: "2026-03-01T00:00:00Z",
      respondents: [ALICE.userId],
    });
    expect(await linkReply("link mlflow experiment churn-training")).toBe(
      "Nothing was linked. Evidence from MLflow is off: the bot has no MLflow tracking server for this workspace. An operator turns it on with `npm run mlops -- evidence mlflow --workspace T… --uri https://…` (or `MLFLOW_TRACKING_URI` for a bot in one workspace; see docs/mlflow.md).",
    );
    expect(await bot.db.selectFrom("evidence_links").selectAll().execute()).toEqual([]);
  });
});
