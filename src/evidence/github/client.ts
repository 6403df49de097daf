// What the bot asks GitHub, as its App: is the App installed on a repository (and where to install it), the
// last weeks of workflow runs and deployments, and whether the scoring script is on the default branch.
// Nothing here throws for GitHub's sake: a 5xx, a timeout or a used-up rate limit comes back as an outcome
// the caller shows as stale ("GitHub answered 502") or limited ("rate limited until …").
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import { AppAuth } from "./app-auth.js";
import { type Deployment, deploymentSchema, deploymentStatusSchema, workflowRunSchema } from "./payloads.js";
import { deploymentSignal, fileSignal, workflowRunSignal } from "./signals.js";
import { type Answer, type Failure, nextPage, Transport } from "./transport.js";

export type { Failure } from "./transport.js";

export interface GitHubEvidenceOptions {
  appId: string | number;
  /** The App's private key, PEM. */
  privateKey: string;
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** Each call to GitHub gives up after this long (default 10 s). */
  timeoutMs?: number;
  now?: () => Date;
}

export type NotInstalled = { readonly kind: "not_installed"; readonly installUrl: string };
export type Installation = { readonly kind: "installed"; readonly installationId: number } | NotInstalled;
export type Gathered =
  | { readonly kind: "ok"; readonly signals: EvidenceSignal[]; readonly complete: boolean }
  | NotInstalled
  | Failure;

/** GitHub returns at most 1,000 runs for a filtered list, so ten pages of 100 are all there is to read. */
const MAX_RUN_PAGES = 10;
/** Deployments are listed newest first; three pages reach back further than 28 days for all but the busiest. */
const MAX_DEPLOYMENT_PAGES = 3;

export class GitHubEvidence {
  private readonly transport: Transport;
  private readonly auth: AppAuth;
  private readonly now: () => Date;
  private readonly installations = new Map<string, number>();
  private slug: string | undefined;
  private readonly apiUrl: string;

  constructor(options: GitHubEvidenceOptions) {
    this.apiUrl = options.apiUrl;
    this.now = options.now ?? (() => new Date());
    this.transport = new Transport({
      apiUrl: options.apiUrl,
      timeoutMs: options.timeoutMs ?? 10_000,
      now: this.now,
    });
    this.auth = new AppAuth(options.appId, options.privateKey, this.transport, this.now);
  }

  /** Installation tokens obtained so far (each lives an hour and is reused until a minute before). */
  get tokensIssued(): number {
    return this.auth.issued;
  }

  /** Whether the App is installed on `owner/repo`; if not, the page where someone can install it. */
  async installationFor(repo: string): Promise<Installation | Failure> {
    const known = this.installations.get(repo.toLowerCase());
    if (known !== undefined) return { kind: "installed", installationId: known };
    const answer = await this.asApp<{ id: number }>(
      "GET /repos/{owner}/{repo}/installation",
      ownerRepo(repo),
    );
    if (answer.kind === "ok") {
      this.installations.set(repo.toLowerCase(), answer.data.id);
      return { kind: "installed", installationId: answer.data.id };
    }
    if (answer.kind === "status" && answer.status === 404) return this.notInstalled();
    return asFailure(answer);
  }

  /** The workflow runs and deployments of `owner/repo` created from `since` to `now`, as signals. */
  async backfill(repo: string, since: Date, now: Date): Promise<Gathered> {
    const inWindow = (iso: string) => Date.parse(iso) >= since.getTime() && Date.parse(iso) <= now.getTime();
    const repository = await this.repository(repo);
    if (repository.kind !== "ok") return repository;
    const runs = await this.pages<{ workflow_runs: unknown[] }>(
      repo,
      "GET /repos/{owner}/{repo}/actions/runs",
      { created: `>=${since.toISOString().slice(0, 10)}`, per_page: 100 },
      MAX_RUN_PAGES,
      (page) => page.workflow_runs,
    );
    if (runs.kind !== "ok") return runs;
    const signals = runs.items.flatMap((item) => {
      const run = workflowRunSchema.safeParse(item);
      return run.success && inWindow(run.data.created_at) ? [workflowRunSignal(repo, run.data)] : [];
    });
    const deployments = await this.deploymentsSince(repo, since);
    if (deployments.kind !== "ok") return deployments;
    for (const deployment of deployments.items.filter((d) => inWindow(d.created_at))) {
      const latest = await this.asInstallation<unknown[]>(
        repo,
        `GET /repos/{owner}/{repo}/deployments/${deployment.id}/statuses`,
        { per_page: 1 },
      );
      if (latest.kind !== "ok") return asGathered(latest);
      const status = deploymentStatusSchema.safeParse(latest.data[0]);
      signals.push(
        deploymentSignal(repo, repository.htmlUrl, deployment, status.success ? status.data : null),
      );
    }
    return { kind: "ok", signals, complete: runs.complete && deployments.complete };
  }

  /**
   * Whether each of `paths` is on the default branch; with no path, the scoring script where teams usually
   * keep it: `score*.py` or a `score/` directory at the root.
   */
  async fileChecks(repo: string, paths: readonly string[], checkedAt: Date): Promise<Gathered> {
    const repository = await this.repository(repo);
    if (repository.kind !== "ok") return repository;
    const ref = { ref: repository.defaultBranch };
    if (paths.length === 0) {
      const root = await this.asInstallation<
        { name: string; type: string; path: string; html_url: string }[]
      >(repo, "GET /repos/{owner}/{repo}/contents/", ref);
      if (root.kind !== "ok") return asGathered(root);
      const found = root.data.filter(
        (e) =>
          (e.type === "file" && /^score.*\.py$/.test(e.name)) || (e.type === "dir" && e.name === "score"),
      );
      const signals = found.map((e) =>
        fileSignal(repo, e.type === "dir" ? `${e.path}/` : e.path, e.html_url, checkedAt),
      );
      return {
        kind: "ok",
        signals: signals.length
          ? signals
          : [fileSignal(repo, "score*.py", null, checkedAt), fileSignal(repo, "score/", null, checkedAt)],
        complete: true,
      };
    }
    const signals: EvidenceSignal[] = [];
    for (const path of paths) {
      const encoded = path
        .replace(/^\/+|\/+$/g, "")
        .split("/")
        .map(encodeURIComponent)
        .join("/");
      const answer = await this.asInstallation<{ html_url?: string }>(
        repo,
        `GET /repos/{owner}/{repo}/contents/${encoded}`,
        ref,
      );
      if (answer.kind === "status" && answer.status === 404)
        signals.push(fileSignal(repo, path, null, checkedAt));
      else if (answer.kind !== "ok") return asGathered(answer);
      else signals.push(fileSignal(repo, path, answer.data.html_url ?? null, checkedAt));
    }
    return { kind: "ok", signals, complete: true };
  }

  private async repository(repo: string) {
    const answer = await this.asInstallation<{ html_url: string; default_branch: string }>(
      repo,
      "GET /repos/{owner}/{repo}",
      {},
    );
    if (answer.kind === "ok")
      return {
        kind: "ok" as const,
        htmlUrl: answer.data.html_url,
        defaultBranch: answer.data.default_branch,
      };
    if (answer.kind === "status" && answer.status === 404) {
      // Not reachable with the token: the App was removed from it (or the repository is gone).
      const again = await this.installationFor(repo);
      if (again.kind !== "installed") return again;
    }
    return asGathered(answer);
  }

  private async deploymentsSince(repo: string, since: Date) {
    const list = await this.pages<unknown[]>(
      repo,
      "GET /repos/{owner}/{repo}/deployments",
      { per_page: 100 },
      MAX_DEPLOYMENT_PAGES,
      (page) => page,
      (items) =>
        items.some((d) => Date.parse((d as { created_at?: string }).created_at ?? "") < since.getTime()),
    );
    if (list.kind !== "ok") return list;
    const items = list.items.flatMap((d): Deployment[] => {
      const parsed = deploymentSchema.safeParse(d);
      return parsed.success ? [parsed.data] : [];
    });
    return { ...list, items };
  }

  /** Follows Link rel="next" up to `maxPages`, or until `enough` says older pages are not needed. */
  private async pages<P>(
    repo: string,
    route: string,
    params: Record<string, unknown>,
    maxPages: number,
    itemsOf: (page: P) => unknown[],
    enough: (items: unknown[]) => boolean = () => false,
  ) {
    const items: unknown[] = [];
    let answer = await this.asInstallation<P>(repo, route, params);
    for (let page = 1; ; page++) {
      if (answer.kind !== "ok") return asGathered(answer);
      const pageItems = itemsOf(answer.data);
      items.push(...pageItems);
      const next = nextPage(answer.link);
      if (!next || enough(pageItems)) return { kind: "ok" as const, items, complete: true };
      if (page >= maxPages) return { kind: "ok" as const, items, complete: false };
      answer = await this.asInstallation<P>(repo, `GET ${next}`, {});
    }
  }

  /** A repository call with the installation's token; a refused token is renewed and the call made once more. */
  private async asInstallation<T>(
    repo: string,
    route: string,
    params: Record<string, unknown>,
  ): Promise<Answer<T> | NotInstalled> {
    const installation = await this.installationFor(repo);
    if (installation.kind !== "installed") return installation;
    const id = installation.installationId;
    for (let attempt = 1; ; attempt++) {
      const authorization = await this.auth.installationAuthorization(id);
      if (typeof authorization !== "string") return authorization;
      // A next-page URL carries its own query; only a route template takes owner and repo.
      const all = route.includes("{owner}") ? { ...ownerRepo(repo), ...params } : params;
      const answer = await this.transport.call<T>(route, all, authorization, `installation:${id}`);
      if (answer.kind === "status" && answer.status === 401 && attempt === 1) {
        this.auth.forget(id);
        continue;
      }
      // The App may have been removed from the repository since: ask again next time.
      if (answer.kind === "status" && answer.status === 404) this.installations.delete(repo.toLowerCase());
      return answer;
    }
  }

  private async asApp<T>(route: string, params: Record<string, unknown>): Promise<Answer<T>> {
    let authorization: string;
    try {
      authorization = await this.auth.appAuthorization();
    } catch (err) {
      return { kind: "unavailable", reason: `cannot sign the App's token (${(err as Error).message})` };
    }
    return this.transport.call<T>(route, params, authorization, "app");
  }

  /** The App's install page: github.com/apps/<slug>, or HOST/github-apps/<slug> on GitHub Enterprise Server. */
  private async notInstalled(): Promise<NotInstalled | Failure> {
    if (!this.slug) {
      const app = await this.asApp<{ slug: string }>("GET /app", {});
      if (app.kind !== "ok") return asFailure(app);
      this.slug = app.data.slug;
    }
    return { kind: "not_installed", installUrl: installUrl(this.apiUrl, this.slug) };
  }
}

export function installUrl(apiUrl: string, slug: string): string {
  const api = new URL(apiUrl);
  if (api.hostname === "api.github.com") return `https://github.com/apps/${slug}/installations/new`;
  return `${api.origin}/github-apps/${slug}/installations/new`;
}

const ownerRepo = (repo: string) => {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
};

function asFailure(answer: Answer<unknown>): Failure {
  if (answer.kind === "limited" || answer.kind === "unavailable") return answer;
  return {
    kind: "unavailable",
    reason: `GitHub answered ${answer.status}${answer.kind === "status" ? ` ${answer.message}` : ""}`,
  };
}

/** A non-ok answer as the outcome of a whole gathering: not installed, or stale/limited. */
function asGathered(answer: Answer<unknown> | NotInstalled): NotInstalled | Failure {
  return answer.kind === "not_installed" ? answer : asFailure(answer);
}
