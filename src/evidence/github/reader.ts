// Reading GitHub as the App: the installation of a repository (cached; the install page when there is none),
// calls with the installation's token (renewed once when refused), and Link-header paging. Nothing here
// throws for GitHub's sake: failures are outcomes (see transport.ts).
import type { EvidenceSignal } from "../../domain/evidence-signal.js";
import { AppAuth } from "./app-auth.js";
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

export class GitHubReader {
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
      // Not an installation (a proxy's page, a GITHUB_API_URL without /api/v3): never "installed".
      if (typeof answer.data?.id !== "number")
        return unexpectedBody("GET /repos/{owner}/{repo}/installation");
      this.installations.set(repo.toLowerCase(), answer.data.id);
      return { kind: "installed", installationId: answer.data.id };
    }
    if (answer.kind === "status" && answer.status === 404) return this.notInstalled();
    return asFailure(answer);
  }

  /** The repository as the installation sees it: its page and default branch. */
  async repository(repo: string) {
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
      this.installations.delete(repo.toLowerCase());
      const again = await this.installationFor(repo);
      if (again.kind !== "installed") return again;
    }
    return asGathered(answer);
  }

  /** Follows Link rel="next" up to `maxPages`, or until `enough` says older pages are not needed. */
  async pages<P>(
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
      if (!Array.isArray(pageItems)) return unexpectedBody(route);
      items.push(...pageItems);
      const next = nextPage(answer.link);
      if (!next || enough(pageItems)) return { kind: "ok" as const, items, complete: true };
      if (page >= maxPages) return { kind: "ok" as const, items, complete: false };
      answer = await this.asInstallation<P>(repo, `GET ${next}`, {});
    }
  }

  /** A repository call with the installation's token; a refused token is renewed and the call made once more. */
  async asInstallation<T>(
    repo: string,
    route: string,
    params: Record<string, unknown>,
  ): Promise<Answer<T> | NotInstalled> {
    const installation = await this.installationFor(repo);
    if (installation.kind !== "installed") return installation;
    const id = installation.installationId;
    for (let attempt = 1; ; attempt++) {
      const authorization = await this.auth.installationAuthorization(id);
      if (typeof authorization !== "string") {
        // No token for the installation (deleted, or installed anew under another id): ask again next time.
        if (authorization.kind !== "limited") this.installations.delete(repo.toLowerCase());
        return authorization;
      }
      // A next-page URL carries its own query; only a route template takes owner and repo.
      const all = route.includes("{owner}") ? { ...ownerRepo(repo), ...params } : params;
      const answer = await this.transport.call<T>(route, all, authorization, `installation:${id}`);
      if (answer.kind === "status" && answer.status === 401 && attempt === 1) {
        this.auth.forget(id);
        continue;
      }
      return answer;
    }
  }

  private async asApp<T>(route: string, params: Record<string, unknown>): Promise<Answer<T>> {
    let authorization: string;
    try {
      authorization = await this.auth.appAuthorization();
    } catch (err) {
      return {
        kind: "unavailable",
        reason: `cannot sign the App's token (${(err as Error).message})`,
        appRefused: true,
      };
    }
    const answer = await this.transport.call<T>(route, params, authorization, "app");
    // The App's token itself refused: its id or private key is not the App's (a revoked key, a typo).
    if (answer.kind === "status" && answer.status === 401)
      return {
        kind: "unavailable",
        reason: `GitHub refused the App's credentials (401 ${answer.message})`,
        appRefused: true,
      };
    return answer;
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

/** A 200 whose body is not what the route answers: nothing to read from it, said as GitHub being unavailable. */
function unexpectedBody(route: string): Failure {
  return {
    kind: "unavailable",
    reason: `GitHub's answer to ${route} was not what GitHub sends (is GITHUB_API_URL the API's address, …/api/v3 on GitHub Enterprise Server?)`,
  };
}

function asFailure(answer: Answer<unknown>): Failure {
  if (answer.kind === "limited" || answer.kind === "unavailable") return answer;
  return {
    kind: "unavailable",
    reason: `GitHub answered ${answer.status}${answer.kind === "status" ? ` ${answer.message}` : ""}`,
  };
}

/** A non-ok answer as the outcome of a whole gathering: not installed, or stale/limited. */
export function asGathered(answer: Answer<unknown> | NotInstalled): NotInstalled | Failure {
  return answer.kind === "not_installed" ? answer : asFailure(answer);
}
