import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubEvidence, installUrl } from "../../../src/evidence/github/client.js";
import { FakeGitHub } from "../../../src/fake-github/server.js";

// One clock for the bot and GitHub, moved forward by tests (token expiry, rate-limit waits).
let offset = 0;
const now = () => new Date(Date.now() + offset);
const advance = (ms: number) => {
  offset += ms;
};
const github = new FakeGitHub({ now: () => now().getTime() });
beforeAll(() => github.start());
afterAll(() => github.stop());
afterEach(() => {
  github.reset();
  offset = 0;
});

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function client(timeoutMs = 2_000) {
  const evidence = new GitHubEvidence({
    appId: github.app.id,
    privateKey: github.app.privateKey,
    apiUrl: github.apiUrl,
    timeoutMs,
    now,
  });
  return { evidence, now, advance };
}

const repoCalls = () => github.calls.filter((c) => c.auth === "token").length;

describe("which repositories the App is installed on", () => {
  it("finds the installation, or gives the App's install page when there is none", async () => {
    const installation = github.state.install("acme", ["acme/churn"]);
    const { evidence } = client();
    expect(await evidence.installationFor("Acme/Churn")).toEqual({
      kind: "installed",
      installationId: installation.id,
    });
    expect(await evidence.installationFor("acme/elsewhere")).toEqual({
      kind: "not_installed",
      installUrl: `${new URL(github.apiUrl).origin}/github-apps/${github.app.slug}/installations/new`,
    });
  });

  it("links to github.com's install page, or the Enterprise Server's own", () => {
    expect(installUrl("https://api.github.com", "mlops")).toBe(
      "https://github.com/apps/mlops/installations/new",
    );
    expect(installUrl("https://ghe.example.com/api/v3", "mlops")).toBe(
      "https://ghe.example.com/github-apps/mlops/installations/new",
    );
  });

  it("notices when the App was removed from a repository it could read before", async () => {
    const installation = github.state.install("acme", ["acme/churn"]);
    const { evidence, now } = client();
    expect((await evidence.backfill("acme/churn", new Date(now().getTime() - 28 * DAY), now())).kind).toBe(
      "ok",
    );
    installation.repositories.delete("acme/churn");
    const after = await evidence.backfill("acme/churn", new Date(now().getTime() - 28 * DAY), now());
    expect(after.kind).toBe("not_installed");
  });
});

describe("backfill", () => {
  it("reads 28 days of workflow runs over several pages, and deployments with their latest status", async () => {
    github.state.install("acme", ["acme/churn"]);
    const end = Date.now();
    for (let i = 0; i < 240; i++) {
      const event = i % 10 === 0 ? "schedule" : "push";
      github.state.addRun("acme/churn", { created_at: new Date(end - i * 4 * HOUR).toISOString(), event });
    }
    const bot = { login: "github-actions[bot]", type: "Bot" as const };
    github.state.addDeployment(
      "acme/churn",
      { created_at: new Date(end - 2 * DAY).toISOString(), creator: bot },
      ["in_progress", "success"],
    );
    github.state.addDeployment("acme/churn", { created_at: new Date(end - 3 * DAY).toISOString() }, [
      "failure",
    ]);
    github.state.addDeployment("acme/churn", { created_at: new Date(end - 40 * DAY).toISOString() });
    const { evidence, now } = client();

    const result = await evidence.backfill("acme/churn", new Date(end - 28 * DAY), now());
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    const runs = result.signals.filter((s) => s.kind === "workflow_run");
    expect(runs).toHaveLength(169); // every 4 hours for 28 days, both ends included
    expect(runs.filter((s) => s.facts.actorType === "automation")).toHaveLength(17);
    expect(runs.every((s) => s.subject === "acme/churn" && s.facts.event !== undefined)).toBe(true);
    const deployments = result.signals.filter((s) => s.kind === "deployment").map((s) => s.facts);
    expect(deployments).toEqual([
      { environment: "production", state: "success", creatorType: "automation" },
      { environment: "production", state: "failure", creatorType: "person" },
    ]);
    expect(result.complete).toBe(true);
    expect(github.callsTo(/\/actions\/runs$/)).toHaveLength(2);
    expect(github.callsTo(/\/actions\/runs$/)[0]?.query.get("created")).toMatch(
      /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/,
    );
  });

  it("reads a busy repository's 28 days whole, in date ranges past GitHub's 1,000 runs a list", async () => {
    github.state.install("acme", ["acme/busy"]);
    const end = Date.now();
    for (let i = 0; i < 2_000; i++)
      github.state.addRun("acme/busy", { created_at: new Date(end - i * 20 * 60_000).toISOString() });
    const { evidence, now } = client();
    const result = await evidence.backfill("acme/busy", new Date(end - 28 * DAY), now());
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.signals.filter((s) => s.kind === "workflow_run")).toHaveLength(2_000);
    expect(result.complete).toBe(true);
  });

  it("reuses one installation token until it nears expiry, then gets a new one", async () => {
    github.state.install("acme", ["acme/churn", "acme/forecast"]);
    const { evidence, now, advance } = client();
    const since = () => new Date(now().getTime() - 28 * DAY);
    await evidence.backfill("acme/churn", since(), now());
    await evidence.backfill("acme/forecast", since(), now());
    expect(evidence.tokensIssued).toBe(1);
    advance(59.5 * 60 * 1000); // less than a minute left on GitHub's hour
    expect((await evidence.backfill("acme/churn", since(), now())).kind).toBe("ok");
    expect(evidence.tokensIssued).toBe(2);
  });

  it("gets a new token when GitHub stops accepting the cached one", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now } = client();
    await evidence.backfill("acme/churn", new Date(now().getTime() - DAY), now());
    github.expireTokens();
    expect((await evidence.backfill("acme/churn", new Date(now().getTime() - DAY), now())).kind).toBe("ok");
    expect(evidence.tokensIssued).toBe(2);
  });
});

describe("when GitHub fails or limits", () => {
  it("says GitHub answered 502 after one call, without retrying in a loop", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now } = client();
    github.fail(502, (c) => c.auth === "token");
    const result = await evidence.backfill("acme/churn", new Date(now().getTime() - DAY), now());
    expect(result).toEqual({ kind: "unavailable", reason: "GitHub answered 502" });
    expect(repoCalls()).toBe(1);
  });

  it("gives up on a slow GitHub after its timeout", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence } = client(300);
    github.slow(2_000);
    const started = Date.now();
    const result = await evidence.installationFor("acme/churn");
    expect(result.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("says until when it is rate limited, and makes no call before then", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now, advance } = client();
    await evidence.installationFor("acme/churn");
    github.exhaustRateLimit(600, 429);
    const first = await evidence.backfill("acme/churn", new Date(now().getTime() - DAY), now());
    if (first.kind !== "limited") throw new Error(JSON.stringify(first));
    expect(first.until.getTime() - Date.now()).toBeGreaterThan(590_000);
    const calls = repoCalls();
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("limited");
    expect(repoCalls()).toBe(calls);
    github.rateLimits.clear();
    advance(601_000);
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("ok");
  });

  it("waits out a secondary limit's Retry-After", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now, advance } = client();
    github.secondaryRateLimit(30, 403, 1);
    const first = await evidence.fileChecks("acme/churn", [], now());
    if (first.kind !== "limited") throw new Error(JSON.stringify(first));
    expect(Math.round((first.until.getTime() - now().getTime()) / 1000)).toBe(30);
    advance(31_000);
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("ok");
  });

  it("waits a minute after a secondary limit that gives no Retry-After, as GitHub's docs ask", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now, advance } = client();
    github.secondaryRateLimit(null, 403, 1);
    const first = await evidence.fileChecks("acme/churn", [], now());
    if (first.kind !== "limited") throw new Error(JSON.stringify(first));
    expect(Math.round((first.until.getTime() - now().getTime()) / 1000)).toBe(60);
    advance(61_000);
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("ok");
  });

  it("gives every caller an outcome when a token renewal they share fails", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence, now } = client();
    await evidence.installationFor("acme/churn");
    github.fail(502, (c) => c.path.endsWith("/access_tokens"));
    const both = await Promise.all([
      evidence.fileChecks("acme/churn", [], now()),
      evidence.fileChecks("acme/churn", [], now()),
    ]);
    expect(both.map((r) => r.kind)).toEqual(["unavailable", "unavailable"]);
  });

  it("asks again which installation reads a repository once its token cannot be had (the App installed anew)", async () => {
    const first = github.state.install("acme", ["acme/churn"]);
    const { evidence, now } = client();
    expect(await evidence.installationFor("acme/churn")).toEqual({
      kind: "installed",
      installationId: first.id,
    });
    github.state.installations.delete(first.id);
    const again = github.state.install("acme", ["acme/churn"]);
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("unavailable");
    expect(await evidence.installationFor("acme/churn")).toEqual({
      kind: "installed",
      installationId: again.id,
    });
    expect((await evidence.fileChecks("acme/churn", [], now())).kind).toBe("ok");
  });

  it("never takes an answer that is not GitHub's for an installation (an API URL without /api/v3)", async () => {
    github.state.install("acme", ["acme/churn"]);
    const { evidence } = client();
    github.fail(200, (c) => c.path.endsWith("/installation"));
    expect(await evidence.installationFor("acme/churn")).toMatchObject({
      kind: "unavailable",
      reason: expect.stringContaining("was not what GitHub sends"),
    });
  });

  it("stops before the limit runs out mid-backfill, when GitHub says none remain", async () => {
    github.state.install("acme", ["acme/churn"]);
    for (let i = 0; i < 250; i++)
      github.state.addRun("acme/churn", { created_at: new Date(Date.now() - i * HOUR).toISOString() });
    github.rateLimits.perHour = 2;
    const { evidence, now } = client();
    const result = await evidence.backfill("acme/churn", new Date(now().getTime() - 28 * DAY), now());
    expect(result.kind).toBe("limited");
    expect(repoCalls()).toBe(2); // the repository and the first page: the third would be refused
  });
});

describe("file checks on the default branch", () => {
  it("find a scoring script at the root, or say it is absent", async () => {
    github.state.install("acme", ["acme/churn", "acme/bare"]);
    const repo = github.state.repository("acme/churn");
    repo.files.set("score_model.py", "...");
    repo.files.set("score/__init__.py", "");
    repo.files.set("train.py", "...");
    github.state.repository("acme/bare").files.set("README.md", "#");
    const { evidence, now } = client();
    const found = await evidence.fileChecks("acme/churn", [], now());
    if (found.kind !== "ok") throw new Error(JSON.stringify(found));
    expect(found.signals.map((s) => s.facts)).toEqual([
      { path: "score/", present: true },
      { path: "score_model.py", present: true },
    ]);
    expect(found.signals[1]?.url).toBe("https://github.com/acme/churn/blob/main/score_model.py");
    const bare = await evidence.fileChecks("acme/bare", [], now());
    expect(bare.kind === "ok" && bare.signals.map((s) => s.facts)).toEqual([
      { path: "score*.py", present: false },
      { path: "score/", present: false },
    ]);
  });

  it("check the paths a team gives", async () => {
    github.state.install("acme", ["acme/churn"]);
    github.state.repository("acme/churn").files.set("serving/predict.py", "...");
    const { evidence, now } = client();
    const result = await evidence.fileChecks(
      "acme/churn",
      ["serving/predict.py", "serving/missing.py"],
      now(),
    );
    expect(result.kind === "ok" && result.signals.map((s) => s.facts)).toEqual([
      { path: "serving/predict.py", present: true },
      { path: "serving/missing.py", present: false },
    ]);
  });

  it("find a folder the team gives, linking its tree", async () => {
    github.state.install("acme", ["acme/churn"]);
    github.state.repository("acme/churn").files.set("serving/scoring/predict.py", "...");
    const { evidence, now } = client();
    const result = await evidence.fileChecks("acme/churn", ["serving/scoring/"], now());
    if (result.kind !== "ok") throw new Error(JSON.stringify(result));
    expect(result.signals.map((s) => [s.facts, s.url])).toEqual([
      [
        { path: "serving/scoring/", present: true },
        "https://github.com/acme/churn/tree/main/serving/scoring",
      ],
    ]);
  });

  it("never leave the repository's contents for a path with dot segments", async () => {
    github.state.install("acme", ["acme/churn", "acme/secret"]);
    github.state.repository("acme/secret").files.set("keys/prod.pem", "...");
    const { evidence, now } = client();
    const result = await evidence.fileChecks("acme/churn", ["../../secret/contents/keys/prod.pem"], now());
    expect(result.kind === "ok" && result.signals.map((s) => s.facts.present)).toEqual([false]);
    expect(github.calls.some((c) => c.path.includes("secret"))).toBe(false);
  });
});
