// The REST routes the evidence client calls, answered from FakeGitHubState the way GitHub's docs say.
import type { FakeApp } from "./auth.js";
import { createdMatches, paginate } from "./paging.js";
import {
  deploymentJson,
  type FakeGitHubState,
  type FakeRepository,
  repositoryJson,
  runJson,
} from "./state.js";

export interface Reply {
  status: number;
  body: unknown;
  link?: string | undefined;
  headers?: Record<string, string>;
}

export interface RouteContext {
  state: FakeGitHubState;
  app: FakeApp;
  /** The API's base URL (`http://127.0.0.1:port`, or `…/api/v3` as on GitHub Enterprise Server). */
  apiUrl: string;
  /** Where people see the App (`https://github.com`; `https://HOST` on GitHub Enterprise Server). */
  htmlUrl: string;
  url: URL;
  tokenFor(installationId: number): { token: string; expires_at: string };
}

export const notFound: Reply = {
  status: 404,
  body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
};

/** Routes authenticated as the App (a JWT). */
export function appRoute(method: string, path: string, ctx: RouteContext): Reply | undefined {
  if (method === "GET" && path === "/app") {
    const { id, slug } = ctx.app;
    return { status: 200, body: { id, slug, name: slug, html_url: appHtmlUrl(ctx) } };
  }
  const installation = /^\/repos\/([^/]+)\/([^/]+)\/installation$/.exec(path);
  if (method === "GET" && installation) {
    const found = ctx.state.installationOf(`${installation[1]}/${installation[2]}`);
    return found ? { status: 200, body: installationJson(found, ctx) } : notFound;
  }
  const tokens = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
  if (method === "POST" && tokens) {
    const found = ctx.state.installations.get(Number(tokens[1]));
    if (!found) return notFound;
    const permissions = {
      actions: "read",
      checks: "read",
      deployments: "read",
      contents: "read",
      metadata: "read",
    };
    return {
      status: 201,
      body: { ...ctx.tokenFor(found.id), permissions, repository_selection: "selected" },
    };
  }
  return undefined;
}

const appHtmlUrl = (ctx: RouteContext) =>
  ctx.htmlUrl === "https://github.com"
    ? `${ctx.htmlUrl}/apps/${ctx.app.slug}`
    : `${ctx.htmlUrl}/github-apps/${ctx.app.slug}`;

function installationJson(i: { id: number; account: string }, ctx: RouteContext) {
  return {
    id: i.id,
    account: { login: i.account },
    app_id: ctx.app.id,
    app_slug: ctx.app.slug,
    repository_selection: "selected",
    access_tokens_url: `${ctx.apiUrl}/app/installations/${i.id}/access_tokens`,
  };
}

/** The repository `/repos/{owner}/{repo}/…` routes, once the token is known to reach `repo`. */
export function repositoryRoute(repo: FakeRepository, rest: string, ctx: RouteContext): Reply | undefined {
  const { url, apiUrl } = ctx;
  if (rest === "") return { status: 200, body: repositoryJson(repo, apiUrl) };
  if (rest === "/actions/runs") return listRuns(repo, ctx);
  if (rest === "/deployments") {
    const env = url.searchParams.get("environment");
    const all = repo.deployments
      .filter((d) => env === null || d.environment === env)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
    const page = paginate(all, url);
    return { status: 200, body: page.items.map((d) => deploymentJson(repo, d, apiUrl)), link: page.link };
  }
  const statuses = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
  if (statuses) {
    const deployment = repo.deployments.find((d) => d.id === Number(statuses[1]));
    if (!deployment) return notFound;
    const page = paginate([...deployment.statuses].reverse(), url);
    return { status: 200, body: page.items, link: page.link };
  }
  const contents = /^\/contents(?:\/(.*))?$/.exec(rest);
  if (contents) return contentsOf(repo, decodeURIComponent(contents[1] ?? "").replace(/\/$/, ""), ctx);
  return undefined;
}

function listRuns(repo: FakeRepository, { url, apiUrl }: RouteContext): Reply {
  const created = url.searchParams.get("created");
  if (created !== null && createdMatches(created, new Date(0).toISOString()) === "invalid") {
    return {
      status: 422,
      body: { message: "Validation Failed", errors: [{ field: "created", code: "invalid" }] },
    };
  }
  const matching = repo.runs.filter(
    (r) => created === null || createdMatches(created, r.created_at) === true,
  );
  const newestFirst = matching.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  // With a filter such as `created`, GitHub returns at most 1,000 runs.
  const reachable = created === null ? newestFirst : newestFirst.slice(0, 1000);
  const page = paginate(reachable, url);
  return {
    status: 200,
    body: { total_count: reachable.length, workflow_runs: page.items.map((r) => runJson(repo, r, apiUrl)) },
    link: page.link,
  };
}

function contentsOf(repo: FakeRepository, path: string, ctx: RouteContext): Reply {
  const ref = ctx.url.searchParams.get("ref");
  if (ref !== null && ref !== repo.defaultBranch) return notFound;
  const base = `https://github.com/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}`;
  const entry = (p: string, type: "file" | "dir") => ({
    type,
    name: p.split("/").pop(),
    path: p,
    size: type === "file" ? Buffer.byteLength(repo.files.get(p) ?? "") : 0,
    html_url: `${base}/${p}`,
    url: `${ctx.apiUrl}/repos/${repo.owner}/${repo.name}/contents/${p}`,
  });
  const file = repo.files.get(path);
  if (file !== undefined) {
    return {
      status: 200,
      body: { ...entry(path, "file"), encoding: "base64", content: Buffer.from(file).toString("base64") },
    };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const p of repo.files.keys()) {
    if (!p.startsWith(prefix)) continue;
    const [head = "", ...more] = p.slice(prefix.length).split("/");
    children.set(prefix + head, more.length ? "dir" : "file");
  }
  if (children.size === 0 && path !== "") return notFound;
  return { status: 200, body: [...children].sort().map(([p, type]) => entry(p, type)) };
}
