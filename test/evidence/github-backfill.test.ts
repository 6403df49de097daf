// Linking 200 repositories at once: the client backfills each from the fake GitHub with one installation
// token per installation, within the rate limit, and gets every run and deployment of the window, no more.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubEvidence } from "../../src/evidence/github/client.js";
import { FakeGitHub } from "../../src/fake-github/server.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const REPOSITORIES = 200;
const ACCOUNTS = 4;

const github = new FakeGitHub();
const now = new Date();
const since = new Date(now.getTime() - 28 * DAY);
const names = Array.from({ length: REPOSITORIES }, (_, i) => `org-${i % ACCOUNTS}/model-${i}`);
const runsInWindow = (i: number) => 20 + (i % 30); // one every 12 hours: at most 24.5 days back
const deploymentsInWindow = (i: number) => i % 3;

beforeAll(async () => {
  await github.start();
  for (let a = 0; a < ACCOUNTS; a++) {
    github.state.install(
      `org-${a}`,
      names.filter((_, i) => i % ACCOUNTS === a),
    );
  }
  names.forEach((name, i) => {
    for (let r = 0; r < runsInWindow(i); r++) {
      github.state.addRun(name, { created_at: new Date(now.getTime() - r * 12 * HOUR - HOUR).toISOString() });
    }
    for (let r = 0; r < 5; r++) {
      github.state.addRun(name, { created_at: new Date(now.getTime() - (30 + r) * DAY).toISOString() });
    }
    for (let d = 0; d < deploymentsInWindow(i); d++) {
      github.state.addDeployment(name, { created_at: new Date(now.getTime() - (d + 1) * DAY).toISOString() });
    }
    github.state.addDeployment(name, { created_at: new Date(now.getTime() - 40 * DAY).toISOString() });
  });
});
afterAll(() => github.stop());

describe("backfilling 200 linked repositories", () => {
  // About 1,000 HTTP calls: seconds on an idle machine, half a minute on a shared one.
  it("reads every run and deployment of the 28 days, with one token per installation", {
    timeout: 120_000,
  }, async () => {
    const evidence = new GitHubEvidence({
      appId: github.app.id,
      privateKey: github.app.privateKey,
      apiUrl: github.apiUrl,
    });
    const results = [];
    for (let start = 0; start < REPOSITORIES; start += 10) {
      const batch = names.slice(start, start + 10);
      results.push(...(await Promise.all(batch.map((name) => evidence.backfill(name, since, now)))));
    }

    const ok = results.flatMap((r) => (r.kind === "ok" && r.complete ? [r] : []));
    expect(ok).toHaveLength(REPOSITORIES);
    const signals = ok.flatMap((r) => r.signals);
    const expected = (count: (i: number) => number) => names.reduce((sum, _, i) => sum + count(i), 0);
    expect(signals.filter((s) => s.kind === "workflow_run")).toHaveLength(expected(runsInWindow));
    expect(signals.filter((s) => s.kind === "deployment")).toHaveLength(expected(deploymentsInWindow));
    expect(new Set(signals.map((s) => s.subject)).size).toBe(REPOSITORIES);
    expect(new Set(signals.map((s) => `${s.kind}:${s.subject}:${s.externalId}`)).size).toBe(signals.length);

    expect(evidence.tokensIssued).toBe(ACCOUNTS);
    expect(github.callsTo(/\/installation$/)).toHaveLength(REPOSITORIES);
    expect(github.callsTo(/\/actions\/runs$/)).toHaveLength(REPOSITORIES);
    // The repository, its runs, its deployments, and one status list per deployment in the window.
    expect(github.calls.filter((c) => c.auth === "token")).toHaveLength(
      3 * REPOSITORIES + expected(deploymentsInWindow),
    );
  });
});
