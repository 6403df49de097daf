import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFakeApp } from "../../src/fake-github/auth.js";
import { FakeGitHub } from "../../src/fake-github/server.js";
import { appJwt } from "../support/github-app-jwt.js";

const github = new FakeGitHub();
beforeAll(() => github.start());
afterAll(() => github.stop());
afterEach(() => github.reset());

const jwt = (claims: { iss?: number | string; iat?: number; exp?: number } = {}) =>
  appJwt(github.app.privateKey, { iss: github.app.id, ...claims });

async function call(path: string, credential?: string, method = "GET") {
  const headers: Record<string, string> = { accept: "application/vnd.github+json", "user-agent": "test" };
  if (credential) headers.authorization = `Bearer ${credential}`;
  const res = await fetch(`${github.apiUrl}${path}`, { method, headers });
  const text = await res.text();
  const body = res.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body };
}

async function tokenFor(fullName: string): Promise<string> {
  const installation =
    github.state.installationOf(fullName) ?? github.state.install(fullName.split("/")[0] ?? "", [fullName]);
  const { body } = await call(`/app/installations/${installation.id}/access_tokens`, jwt(), "POST");
  return body.token;
}

describe("the App's JWT", () => {
  it("finds the installation on a repository, or answers 404 where the App is not installed", async () => {
    const installation = github.state.install("acme", ["acme/churn"]);
    const found = await call("/repos/Acme/Churn/installation", jwt());
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      id: installation.id,
      account: { login: "acme" },
      app_slug: github.app.slug,
    });
    expect((await call("/repos/acme/elsewhere/installation", jwt())).status).toBe(404);
  });

  it("is refused when unsigned by the App's key, from another App, expired, or more than 10 minutes ahead", async () => {
    github.state.install("acme", ["acme/churn"]);
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      ["none", undefined],
      ["another key", appJwt(createFakeApp().privateKey, { iss: github.app.id })],
      ["another app", jwt({ iss: 1 })],
      ["expired", jwt({ iat: now - 700, exp: now - 60 })],
      ["too far ahead", jwt({ exp: now + 660 })],
    ] as const;
    for (const [why, credential] of refusals) {
      const answer = await call("/repos/acme/churn/installation", credential);
      expect([why, answer.status]).toEqual([why, 401]);
    }
    expect((await call("/repos/acme/churn/installation", jwt({ exp: now + 600 }))).status).toBe(200);
  });

  it("gets an installation token that lives one hour, or as long as the fake is told", async () => {
    const installation = github.state.install("acme", ["acme/churn"]);
    const first = await call(`/app/installations/${installation.id}/access_tokens`, jwt(), "POST");
    expect(first.status).toBe(201);
    expect(first.body.token).toMatch(/^ghs_/);
    expect(Date.parse(first.body.expires_at) - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    github.tokens.lifetimeMs = 5 * 60 * 1000;
    const shorter = await call(`/app/installations/${installation.id}/access_tokens`, jwt(), "POST");
    expect(Date.parse(shorter.body.expires_at) - Date.now()).toBeLessThan(6 * 60 * 1000);
    expect((await call("/app/installations/999999/access_tokens", jwt(), "POST")).status).toBe(404);
  });
});

describe("repository routes", () => {
  it("need an installation token that has not expired, and reach only the installation's repositories", async () => {
    github.state.install("other", ["other/repo"]);
    const token = await tokenFor("acme/churn");
    const repo = await call("/repos/acme/churn", token);
    expect(repo.body).toMatchObject({ full_name: "acme/churn", default_branch: "main" });
    expect((await call("/repos/acme/churn")).status).toBe(401);
    expect((await call("/repos/acme/churn", jwt())).status).toBe(401);
    expect((await call("/repos/other/repo", token)).status).toBe(404);
    github.expireTokens();
    expect(await call("/repos/acme/churn", token)).toMatchObject({
      status: 401,
      body: { message: "Bad credentials" },
    });
  });

  it("list workflow runs newest first, filtered by creation day, 100 a page at most, with Link headers", async () => {
    const now = Date.parse("2026-12-06T12:00:00Z");
    for (let i = 0; i < 250; i++) {
      github.state.addRun("acme/churn", { created_at: new Date(now - i * 4 * 60 * 60 * 1000).toISOString() });
    }
    const token = await tokenFor("acme/churn");
    const since = "2026-11-08"; // 28.5 days back: 172 runs, one every 4 hours, the oldest at 00:00 that day
    const first = await call(`/repos/acme/churn/actions/runs?created=%3E%3D${since}&per_page=500`, token);
    expect(first.body.total_count).toBe(172);
    expect(first.body.workflow_runs).toHaveLength(100);
    expect(first.body.workflow_runs[0].created_at).toBe("2026-12-06T12:00:00.000Z");
    expect(first.headers.get("link")).toContain('page=2>; rel="next"');
    expect(first.headers.get("link")).toContain('page=2>; rel="last"');
    const second = await call(
      `/repos/acme/churn/actions/runs?created=%3E%3D${since}&per_page=100&page=2`,
      token,
    );
    expect(second.body.workflow_runs).toHaveLength(72);
    expect(second.body.workflow_runs.at(-1).created_at).toBe("2026-11-08T00:00:00.000Z");
    expect(second.headers.get("link")).not.toContain('rel="next"');
    expect((await call("/repos/acme/churn/actions/runs?created=last-week", token)).status).toBe(422);
  });

  it("list deployments and their statuses newest first", async () => {
    const older = github.state.addDeployment("acme/churn", { created_at: "2026-12-01T10:00:00Z" }, [
      "in_progress",
      "success",
    ]);
    github.state.addDeployment(
      "acme/churn",
      { created_at: "2026-12-02T10:00:00Z", environment: "staging" },
      [],
    );
    const token = await tokenFor("acme/churn");
    const all = await call("/repos/acme/churn/deployments", token);
    expect(all.body.map((d: { environment: string }) => d.environment)).toEqual(["staging", "production"]);
    const statuses = await call(`/repos/acme/churn/deployments/${older.id}/statuses`, token);
    expect(statuses.body.map((s: { state: string }) => s.state)).toEqual(["success", "in_progress"]);
    expect((await call("/repos/acme/churn/deployments/1/statuses", token)).status).toBe(404);
  });

  it("show the default branch's files and directories, and 404 for a path that is not there", async () => {
    const repo = github.state.repository("acme/churn");
    repo.files.set("score.py", "def score(x): ...");
    repo.files.set("score/model.py", "MODEL = 1");
    const token = await tokenFor("acme/churn");
    const root = await call("/repos/acme/churn/contents/", token);
    expect(root.body.map((e: { path: string; type: string }) => `${e.type} ${e.path}`)).toEqual([
      "dir score",
      "file score.py",
    ]);
    const file = await call("/repos/acme/churn/contents/score.py", token);
    expect(Buffer.from(file.body.content, "base64").toString()).toBe("def score(x): ...");
    expect((await call("/repos/acme/churn/contents/score/model.py", token)).status).toBe(200);
    expect((await call("/repos/acme/churn/contents/train.py", token)).status).toBe(404);
    expect((await call("/repos/acme/churn/contents/score.py?ref=other-branch", token)).status).toBe(404);
  });
});

describe("rate limits and faults", () => {
  it("count down the rate limit and refuse once it is used up, until the reset", async () => {
    const token = await tokenFor("acme/churn");
    github.rateLimits.perHour = 2;
    const first = await call("/repos/acme/churn", token);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    await call("/repos/acme/churn", token);
    const refused = await call("/repos/acme/churn", token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded/);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(
      Date.now() + 59 * 60 * 1000,
    );
  });

  it("can be exhausted with 429 or secondary-limited with Retry-After", async () => {
    const token = await tokenFor("acme/churn");
    const undo = github.secondaryRateLimit(30, 429, 1);
    const secondary = await call("/repos/acme/churn", token);
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get("retry-after")).toBe("30");
    expect((await call("/repos/acme/churn", token)).status).toBe(200);
    undo();
    github.exhaustRateLimit(120, 429);
    const exhausted = await call("/repos/acme/churn", token);
    expect(exhausted.status).toBe(429);
    const resetIn = Number(exhausted.headers.get("x-ratelimit-reset")) * 1000 - Date.now();
    expect(resetIn).toBeGreaterThan(100_000);
    expect(resetIn).toBeLessThanOrEqual(121_000);
  });

  it("answers 502 or late when told to, and normally again after", async () => {
    const token = await tokenFor("acme/churn");
    const undoFail = github.fail(502);
    const failed = await call("/repos/acme/churn", token);
    expect(failed.status).toBe(502);
    expect(failed.body).toContain("502 Server Error");
    undoFail();
    github.slow(300);
    const started = Date.now();
    expect((await call("/repos/acme/churn", token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("refuses a request without a User-Agent, as GitHub does", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${github.apiUrl}/app`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe("on GitHub Enterprise Server", () => {
  it("serves the API under /api/v3 and shows the App on the server's own host", async () => {
    const ghes = await new FakeGitHub({
      pathPrefix: "/api/v3",
      htmlUrl: "https://github.example.com",
    }).start();
    try {
      expect(ghes.apiUrl).toMatch(/\/api\/v3$/);
      const headers = {
        authorization: `Bearer ${appJwt(ghes.app.privateKey, { iss: ghes.app.id })}`,
        "user-agent": "t",
      };
      const app = (await (await fetch(`${ghes.apiUrl}/app`, { headers })).json()) as { html_url: string };
      expect(app.html_url).toBe(`https://github.example.com/github-apps/${ghes.app.slug}`);
      expect((await fetch(`${ghes.apiUrl.replace("/api/v3", "")}/app`, { headers })).status).toBe(404);
    } finally {
      await ghes.stop();
    }
  });
});

describe("a person's browser", () => {
  it("gets a page saying this is a stand-in, where GitHub would show the App's install page", async () => {
    const res = await fetch(`${github.apiUrl}/github-apps/${github.app.slug}/installations/new`, {
      headers: { accept: "text/html,application/xhtml+xml" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("This is a stand-in for GitHub's API");
    expect(github.calls).toEqual([]);
  });
});
