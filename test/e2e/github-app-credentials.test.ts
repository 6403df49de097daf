// A bot whose GitHub App key is not the App's (a key from another App, or one revoked): GitHub refuses the
// App's token, and a person linking a repository is told that retrying will not help, instead of "try again".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { useBot } from "../support/fixture.js";
import { newTeam } from "../support/flows.js";
import { githubEnv, TEST_APP_KEY } from "../support/github-webhooks.js";
import { replyOf } from "../support/harness.js";
import { visibleText } from "../support/messages.js";

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
const bot = useBot({ env: () => ({ ...githubEnv(github), GITHUB_APP_PRIVATE_KEY: TEST_APP_KEY }) });

describe("a GitHub App key that is not the App's", () => {
  it("refuses to link, saying GitHub refused the App's credentials and that retrying will not help", async () => {
    const team = await newTeam(bot, "Lab", "lab");
    github.state.install("acme", ["acme/lab"]);
    const reply = visibleText(await replyOf(await bot.command("link github acme/lab", team)));
    expect(reply).toContain(":no_entry: GitHub refused the bot's App credentials (");
    expect(reply).toContain(
      "so nothing was linked. Trying again will not help: whoever runs the bot must check `GITHUB_APP_ID` and the App's private key",
    );
    expect(visibleText(await replyOf(await bot.command("evidence", team)))).toContain("Nothing linked yet.");
  });
});
