import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubEvidence } from "../../../src/evidence/github/client.js";
import { githubRepositories } from "../../../src/evidence/github/repositories.js";
import { FakeGitHub } from "../../../src/fake-github/server.js";

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
afterEach(() => github.reset());

const DAY = 24 * 60 * 60 * 1000;
const repositories = () =>
  githubRepositories(
    new GitHubEvidence({ appId: github.app.id, privateKey: github.app.privateKey, apiUrl: github.apiUrl }),
  );

describe("the GitHub repositories a team links", () => {
  it("say whether the App can read them, with the install link when it cannot", async () => {
    github.state.install("acme", ["acme/churn"]);
    const linked = repositories();
    expect(await linked.installation("acme/churn")).toEqual({ installed: true });
    expect(await linked.installation("acme/other")).toEqual({
      installed: false,
      installUrl: expect.stringMatching(/\/github-apps\/mlops-maturity-evidence\/installations\/new$/),
    });
  });

  it("backfill runs, deployments and the team's scoring script in one go", async () => {
    github.state.install("acme", ["acme/churn"]);
    github.state.addRun("acme/churn", { created_at: new Date(Date.now() - DAY).toISOString() });
    github.state.addDeployment("acme/churn", { created_at: new Date(Date.now() - 2 * DAY).toISOString() });
    github.state.repository("acme/churn").files.set("serving/score.py", "...");
    github.state.repository("acme/churn").files.set("tests/test_score.py", "...");
    const signals = await repositories().backfill(
      { repository: "acme/churn", scoringPath: "serving/score.py" },
      new Date(Date.now() - 28 * DAY),
    );
    expect(signals.map((s) => `${s.kind} ${s.subject}`)).toEqual([
      "workflow_run acme/churn",
      "deployment acme/churn",
      "file acme/churn",
      "file acme/churn",
      "file acme/churn",
      "file acme/churn",
    ]);
    expect(signals[2]?.facts).toEqual({ path: "serving/score.py", present: true });
    // The scoring script's usual test files, for tested_scoring_script.
    expect(signals.slice(3).map((s) => s.facts)).toEqual([
      { path: "tests/test_score.py", present: true },
      { path: "tests/test_scoring.py", present: false },
      { path: "test/test_score.py", present: false },
    ]);
  });

  it("throw an error that says why GitHub could not be read, and until when when limited", async () => {
    github.state.install("acme", ["acme/churn"]);
    const link = { repository: "acme/churn", scoringPath: null };
    const since = new Date(Date.now() - 28 * DAY);
    const undo = github.fail(502, (c) => c.auth === "token");
    await expect(repositories().backfill(link, since)).rejects.toThrow("GitHub: GitHub answered 502");
    undo();
    github.exhaustRateLimit(600);
    await expect(repositories().backfill(link, since)).rejects.toThrow(/^GitHub: rate limited until \d{4}-/);
  });
});
