// OAuth mode: one GitHub App serves every workspace that installs the bot, so a workspace links only the
// repositories of GitHub accounts an operator allowed it (`npm run mlops -- evidence github`). Without that,
// any workspace could link (and read the runs and deployments of) any repository the App is installed on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowGithubAccount } from "../../src/db/evidence.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { useBot } from "../support/fixture.js";
import { setUpTeam } from "../support/flows.js";
import { githubEnv } from "../support/github-webhooks.js";
import { replyOf } from "../support/harness.js";
import { visibleText } from "../support/messages.js";
import { ACME, BETA, installAcmeAndBeta, OAUTH_ENV } from "../support/oauth.js";

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
const bot = useBot({ env: () => ({ ...OAUTH_ENV, ...githubEnv(github) }) });

describe("GitHub accounts per workspace", () => {
  it("links a repository only of an account an operator allowed the workspace, whoever installed the App", async () => {
    await installAcmeAndBeta(bot);
    for (const [where, name] of [
      [ACME, "Acme"],
      [BETA, "Beta"],
    ] as const) {
      await setUpTeam(bot, where, { name, respondents: [where.actor.userId], timeZone: "UTC" });
    }
    github.state.install("acme", ["acme/models"]);
    const link = async (where: typeof ACME) =>
      visibleText(await replyOf(await bot.command("link github acme/models", where)));

    expect(await link(ACME)).toBe(
      ":no_entry: This workspace may not read the repositories of the GitHub account `acme` yet, so nothing was linked. The bot serves several Slack workspaces with one GitHub App, so whoever runs it allows each workspace the accounts it may read: `npm run mlops -- evidence github --workspace T1ACME --account acme`.",
    );
    await allowGithubAccount(bot.db, "T1ACME", "acme");
    expect(await link(ACME)).toContain("is now linked to the GitHub repository `acme/models`");
    // Beta's people can name Acme's repository; the App can read it; Beta still may not.
    expect(await link(BETA)).toContain(
      "This workspace may not read the repositories of the GitHub account `acme`",
    );
    const links = await bot.db.selectFrom("evidence_links").select(["team_id", "subject"]).execute();
    expect(links).toEqual([{ team_id: "T1ACME", subject: "acme/models" }]);
  });
});
