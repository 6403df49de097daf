// Issue 20's "Done means", as a new user tries it: a team, its linked systems, GitHub's own example webhooks
// signed and sent to the running bot, and what /mlops status and /mlops evidence then show; strict policy.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { levelInfo } from "../../src/domain/rubric.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { FakeMlflow } from "../../src/fake-mlflow/server.js";
import { createApiToken } from "../../src/services/api-tokens.js";
import { useBot } from "../support/fixture.js";
import { checkIn, newTeam, openHome, openModal, type Where } from "../support/flows.js";
import { githubExampleFor, renamedTo } from "../support/github-examples.js";
import { deliver, githubEnv } from "../support/github-webhooks.js";
import { type CommandReply, replyOf } from "../support/harness.js";
import { blockIds, visibleText } from "../support/messages.js";
import { prefilled } from "../support/modal-state.js";
import { BOB } from "../support/payloads.js";
import { ADA, CAROL, introducePeople } from "../support/people.js";
import { SEED_LEVELS } from "../support/seed-levels.js";

let now = new Date("2026-12-06T12:00:00Z");
const github = new FakeGitHub();
const mlflow = new FakeMlflow();
beforeAll(async () => {
  await github.start();
  await mlflow.start();
  mlflow.state.addExperiment("churn model");
});
afterAll(async () => {
  await github.stop();
  await mlflow.stop();
});
const bot = useBot({
  clock: () => now,
  env: () => ({ ...githubEnv(github), MLFLOW_TRACKING_URI: mlflow.url }),
  setup: introducePeople,
});
const LEVEL_1 = SEED_LEVELS[1]?.answer ?? { people: "", release: "", checked: [] };

async function command(text: string, where: Where): Promise<CommandReply> {
  return replyOf(await bot.command(text, where));
}

/** The block a person sees under that block_id, as text. */
function blockText(reply: CommandReply, blockId: string): string {
  return visibleText(reply.blocks?.find((b) => b.block_id === blockId) ?? null);
}

/** `/mlops link github <repository>` once the App is installed on it; waits for the backfill to end. */
async function linkRepository(where: Where, repository: string): Promise<void> {
  github.state.install(repository.split("/")[0] ?? "", [repository]);
  const reply = visibleText(await command(`link github ${repository}`, where));
  expect(reply).toContain(
    `is now linked to the GitHub repository \`${repository}\`. Reading its last 28 days`,
  );
  // The backfill's last step stores the file checks.
  await vi.waitFor(async () => {
    const files = await bot.db
      .selectFrom("evidence_signals")
      .select("external_id")
      .where("subject", "=", repository)
      .where("kind", "=", "file")
      .execute();
    expect(files.map((f) => f.external_id)).toContain("test/test_score.py");
  }, 15_000);
}

describe("evidence behind the answers", () => {
  it("a signed workflow_run from GitHub's examples shows as evidence:automated_builds:supports with a link", async () => {
    // acme/web's App is installed; its own history holds nothing in the window but the example's run.
    // GitHub's example run finished at 16:33:49 on 5 Oct 2020: two hours later.
    now = new Date("2020-10-05T18:34:00Z");
    const web = await newTeam(bot, "Web", "web");
    await checkIn(bot, web, LEVEL_1);
    expect(visibleText(await command("link mlflow experiment churn model", web))).toContain(
      "*Web* is now linked to the MLflow experiment `churn model`.",
    );
    await linkRepository(web, "acme/web");

    const forged = await deliver(bot.url, "workflow_run", githubExampleFor("acme/web", "workflow_run", 1), {
      secret: "guessed",
    });
    expect(forged.status).toBe(401);
    expect(blockIds(await command("status", web)).filter((id) => id.startsWith("evidence:"))).toEqual([]);

    const delivered = await deliver(bot.url, "workflow_run", githubExampleFor("acme/web", "workflow_run", 1));
    expect(delivered.status).toBe(200);
    const status = await command("status", web);
    expect(blockIds(status)).toContain("evidence:automated_builds:supports");
    expect(blockText(status, "evidence:automated_builds:supports")).toBe(
      [
        "*Application builds run automatically* (the team says in place)",
        ":white_check_mark: GitHub supports it: 1 CI run on repository_dispatch in 28 days, last 2 h ago (in acme/web) · <https://github.com/octo-org/octo-repo/actions/runs/289782451|view>",
      ].join("\n"),
    );
    expect(blockText(status, "level:1")).toContain("1 of 6 practices in place verified by evidence");

    // Bob has never answered: the check-in comes pre-ticked where evidence supports, with the facts under it.
    const modal = await openModal(bot, "checkin", { ...web, actor: BOB });
    expect(prefilled(modal).checked).toEqual(["automated_builds"]);
    expect(visibleText(modal.blocks.find((b) => b.block_id === "evidence:automated_builds:supports"))).toBe(
      "*Application builds run automatically* (ticked from evidence): :white_check_mark: GitHub supports it: 1 CI run on repository_dispatch in 28 days, last 2 h ago (in acme/web) · <https://github.com/octo-org/octo-repo/actions/runs/289782451|view>",
    );

    const evidence = await command("evidence", web);
    expect(blockText(evidence, "evidence-links")).toContain(
      "• GitHub repository `acme/web` — last event 2 h ago",
    );
    expect(blockText(evidence, "evidence-links")).toContain(
      "• MLflow experiment `churn model` — no event yet",
    );
    expect(blockIds(evidence)).toContain("evidence:automated_builds:supports");

    // Renamed on GitHub: its deliveries carry the new name and the same id, and still reach the team.
    const renamed = renamedTo(githubExampleFor("acme/web", "workflow_run", 1), "acme/web-app");
    Object.assign(renamed.workflow_run as object, { id: 289782452 });
    const afterRename = await deliver(bot.url, "workflow_run", renamed);
    expect(afterRename.status).toBe(200);
    expect(blockText(await command("status", web), "evidence:automated_builds:supports")).toContain(
      "GitHub supports it: 2 CI runs on repository_dispatch in 28 days, last 2 h ago (in acme/web-app)",
    );
    expect(blockText(await command("evidence", web), "evidence-links")).toContain(
      "• GitHub repository `acme/web-app` — last event 2 h ago",
    );
  });

  it("before anyone has answered, /mlops status shows what the linked systems show", async () => {
    now = new Date("2020-10-05T18:34:00Z");
    const fresh = await newTeam(bot, "Fresh", "fresh");
    await linkRepository(fresh, "acme/fresh");
    const delivered = await deliver(
      bot.url,
      "workflow_run",
      githubExampleFor("acme/fresh", "workflow_run", 1),
    );
    expect(delivered.status).toBe(200);
    const status = await command("status", fresh);
    expect(blockText(status, "no-answers")).toBe(
      "Nobody has answered the check-in yet, so there is no level to show. Answer it now and the team's level appears here. Meanwhile, this is what the team's linked systems show; the check-in comes with what they support ticked.",
    );
    expect(blockText(status, "evidence:automated_builds:supports")).toBe(
      [
        "*Application builds run automatically*",
        ":mag: GitHub shows it in place: 1 CI run on repository_dispatch in 28 days, last 2 h ago (in acme/fresh) · <https://github.com/octo-org/octo-repo/actions/runs/289782451|view>",
      ].join("\n"),
    );
  });

  it("linking a repository again says whether its options changed", async () => {
    const again = await newTeam(bot, "Again", "again");
    await linkRepository(again, "acme/again");
    expect(visibleText(await command("link github acme/again", again))).toMatch(
      /^:link: \*Again\* keeps its link to the GitHub repository `acme\/again`\. Reading/,
    );
    expect(visibleText(await command("link github acme/again --model", again))).toMatch(
      /^:link: \*Again\* keeps its link to the GitHub repository `acme\/again` \(options updated\)\. Reading/,
    );
  });

  it("a deployment by a person disputes automated releases; under strict the level drops and says why", async () => {
    // GitHub's example deployment status: production, success, created by a User on 15 May 2019 at 15:20:55.
    now = new Date("2019-05-15T18:00:00Z");
    const shop = await newTeam(bot, "Shop", "shop");
    await checkIn(bot, shop, LEVEL_1);
    await linkRepository(shop, "acme/shop");
    const response = await deliver(
      bot.url,
      "deployment_status",
      githubExampleFor("acme/shop", "deployment_status", 0),
    );
    expect(response.status).toBe(200);

    const shown = await command("status", shop);
    expect(blockIds(shown)).toContain("level:1");
    expect(blockText(shown, "evidence:automated_app_releases:disputes")).toContain(
      ":warning: GitHub disputes it: 1 of 1 deployment to production created by a person in 28 days, last 2 h ago (in acme/shop)",
    );
    expect(blockText(shown, "disputed")).toContain(
      "• Application releases are automated (the team says it is in place; evidence disputes it)",
    );

    const modal = await openModal(bot, "checkin", shop);
    expect(prefilled(modal).checked).toContain("automated_app_releases");
    expect(
      visibleText(modal.blocks.find((b) => b.block_id === "evidence:automated_app_releases:disputes")),
    ).toContain(
      "*Application releases are automated* (ticked in your last answer: untick it if it is not in place): :warning: GitHub disputes it",
    );

    expect(visibleText(await command("evidence policy strict", { ...shop, actor: CAROL }))).toContain(
      "Only workspace admins and owners can change the evidence policy",
    );
    expect(visibleText(await command("evidence policy strict", { ...shop, actor: ADA }))).toContain(
      "The evidence policy is now *strict*",
    );
    expect(visibleText(await command("evidence policy lenient", shop))).toBe(
      "`lenient` is not an evidence policy. This workspace's evidence policy is *strict*: a practice the team says is in place that evidence disputes does not count towards its level. Workspace admins choose with `/mlops evidence policy strict|shown`.",
    );
    const strict = await command("status", shop);
    expect(blockIds(strict)).toContain("level:0");
    expect(strict.text).toContain("(strict evidence policy: 1 disputed practice left out)");
    expect(blockText(strict, "level:0")).toContain(
      "Strict evidence policy: the level leaves out 1 practice evidence disputes (Application releases are automated).",
    );
    expect(blockIds(strict)).toContain("next:automated_app_releases");

    // Every other place that shows the level says the same: /mlops teams, the App Home, the read API.
    const note = "(strict evidence policy: 1 disputed practice left out)";
    const teams = visibleText(await command("teams", shop));
    expect(teams).toContain(
      `*Shop* <#${shop.channelId}> — Level 0 ${note} · next: Application releases are automated`,
    );
    expect(teams).toContain("Strict evidence policy: 1 team's level leaves out practices evidence disputes.");
    const card = visibleText((await openHome(bot, shop.actor)).blocks);
    expect(card).toContain(
      `Level 0 — ${levelInfo(0).name} ${note} · next: Application releases are automated`,
    );
    const overview = visibleText((await openHome(bot, ADA)).blocks);
    expect(overview).toContain(
      "Strict evidence policy: 1 team's level leaves out practices evidence disputes.",
    );
    const created = await createApiToken(
      { db: bot.db, clock: () => now },
      { label: "strict", scope: { kind: "workspace", id: "T0" } },
    );
    if (created.kind !== "created") throw new Error(created.kind);
    const api = await fetch(`${bot.url}/api/v1/teams`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const listed = ((await api.json()) as { items: { name: string }[] }).items.find((t) => t.name === "Shop");
    expect(listed).toMatchObject({ level: 0, leftOutByEvidence: ["automated_app_releases"] });
    // The check-in's confirmation counts the level as status does.
    expect(await checkIn(bot, shop, LEVEL_1)).toContain(
      `*Shop* is at *Level 0 — ${levelInfo(0).name}* ${note}; next: Application releases are automated.`,
    );

    await command("evidence policy shown", { ...shop, actor: ADA });
    expect(blockIds(await command("status", shop))).toContain("level:1");
    expect(visibleText(await command("evidence policy", shop))).toContain(
      "This workspace's evidence policy is *shown*: levels come from the answers alone",
    );
  });

  it("a push to the default branch checks the scoring script again once its last check is a day old", async () => {
    now = new Date("2026-12-06T12:00:00Z");
    const models = await newTeam(bot, "Models", "models");
    const repository = github.state.repository("acme/models", "master");
    await linkRepository(models, "acme/models");
    const scoring = async () =>
      blockIds(await command("status", models)).filter((id) => id.startsWith("evidence:scoring_script"));
    expect(await scoring()).toEqual([]);
    repository.files.set("score.py", "def score(x): ...");
    const push = () => deliver(bot.url, "push", githubExampleFor("acme/models", "push", 4));
    const fileChecks = async () =>
      (
        await bot.db
          .selectFrom("evidence_signals")
          .select("occurred_at")
          .where("subject", "=", "acme/models")
          .where("external_id", "=", "score.py")
          .execute()
      ).length;

    // The same day: the check at linking is fresh, and GitHub is not asked again.
    expect((await push()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await fileChecks()).toBe(0);

    now = new Date("2026-12-08T12:00:00Z");
    const tagPush = githubExampleFor("acme/models", "push", 0);
    expect((await deliver(bot.url, "push", tagPush)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await fileChecks()).toBe(0); // a tag is no push to the default branch
    expect((await push()).status).toBe(200);
    await vi.waitFor(async () => expect(await fileChecks()).toBe(1), 5_000);
    expect(
      blockText(await command("status", models), "evidence:scoring_script_versioned:supports"),
    ).toContain(
      "GitHub shows it in place: score.py is on the default branch of acme/models (checked just now)",
    );
  });

  it("tells the person who linked when GitHub did not give the last 28 days; the link holds", async () => {
    now = new Date("2026-12-06T12:00:00Z");
    const flaky = await newTeam(bot, "Flaky", "flaky");
    github.state.install("acme", ["acme/flaky"]);
    const undo = github.fail(502, (c) => c.path.endsWith("/actions/runs"));
    const responses = bot.slack.responses.length;
    expect(visibleText(await command("link github acme/flaky", flaky))).toContain(
      "is now linked to the GitHub repository `acme/flaky`. Reading its last 28 days",
    );
    await vi.waitFor(() => expect(bot.slack.responses.length).toBeGreaterThan(responses), 5_000);
    undo();
    expect(visibleText(bot.slack.responses.at(-1)?.body ?? null)).toBe(
      ":warning: `acme/flaky` stays linked, but GitHub did not give its last 28 days (GitHub: GitHub answered 502). Evidence comes with GitHub's next events; run the same `/mlops link github` again later to read the 28 days.",
    );
    expect(visibleText(await command("evidence", flaky))).toContain("acme/flaky");
  });

  it("links a repository only where the App is installed, and reads its last 28 days", async () => {
    now = new Date("2026-12-06T12:00:00Z");
    const lab = await newTeam(bot, "Lab", "lab");
    const notInstalled = visibleText(await command("link github acme/lab --model", lab));
    expect(notInstalled).toContain(
      "The bot's GitHub App is not installed on `acme/lab`, so nothing was linked.",
    );
    expect(notInstalled).toContain("/mlops-maturity-evidence/installations/new|install the App>");

    github.state.install("acme", ["acme/lab"]);
    github.state.addRun("acme/lab", { created_at: "2026-12-05T12:00:00Z", event: "pull_request" });
    github.state.addDeployment("acme/lab", {
      created_at: "2026-12-04T12:00:00Z",
      creator: { login: "deploy-bot", type: "Bot" },
    });
    const undo = github.fail(502);
    expect(visibleText(await command("link github acme/lab --model", lab))).toContain(
      "GitHub did not answer whether the App can read `acme/lab`, so nothing was linked.",
    );
    undo();
    // A slow GitHub: the reply still reaches Slack well inside its 3 s, and nothing is linked.
    const fast = github.slow(5_000);
    const asked = performance.now();
    expect(visibleText(await command("link github acme/lab --model", lab))).toContain(
      "GitHub did not answer whether the App can read `acme/lab`, so nothing was linked.",
    );
    expect(performance.now() - asked).toBeLessThan(2_000);
    fast();
    expect(visibleText(await command("evidence", lab))).toContain("Nothing linked yet.");

    await linkRepository(lab, "acme/lab");
    await checkIn(bot, lab, LEVEL_1);
    const status = await command("status", lab);
    expect(blockText(status, "evidence:automated_builds:supports")).toContain(
      "GitHub supports it: 1 CI run on pull_request in 28 days, last 1 d ago (in acme/lab)",
    );
    expect(blockText(status, "evidence:automated_app_releases:supports")).toContain(
      "GitHub supports it: 1 deployment to production by a workflow or an app in 28 days, last 2 d ago (in acme/lab)",
    );
    expect(visibleText(await command("unlink github acme/lab", lab))).toContain(
      "*Lab* is no longer linked to `acme/lab`.",
    );
    expect(blockIds(await command("status", lab)).filter((id) => id.startsWith("evidence:"))).toEqual([]);
  });
});
