// What the fake GitHub holds: one App, its installations, and repositories with workflow runs, deployments
// (with statuses) and files on the default branch. Objects are rendered with the fields GitHub's REST API
// returns that a client may read; tests add them with a few fields and get the rest filled in.

export interface FakeRun {
  id: number;
  run_attempt: number;
  name: string;
  path: string;
  event: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  actor: { login: string; type: "User" | "Bot" };
}

export interface FakeDeploymentStatus {
  id: number;
  state: string;
  created_at: string;
  log_url: string;
}

export interface FakeDeployment {
  id: number;
  environment: string;
  created_at: string;
  creator: { login: string; type: "User" | "Bot" };
  performed_via_github_app: { slug: string } | null;
  /** Newest last; GitHub lists them newest first. */
  statuses: FakeDeploymentStatus[];
}

export interface FakeRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  /** Files on the default branch, by path (`score/predict.py`); directories are implied by the paths. */
  files: Map<string, string>;
  runs: FakeRun[];
  deployments: FakeDeployment[];
}

export interface FakeInstallation {
  id: number;
  account: string;
  /** Lower-case `owner/repo` the installation may read. */
  repositories: Set<string>;
}

let nextId = 1000;
const newId = () => ++nextId;

export class FakeGitHubState {
  readonly repositories = new Map<string, FakeRepository>();
  readonly installations = new Map<number, FakeInstallation>();

  /** A repository, created with its default branch when new; `fullName` is `owner/repo` in any case. */
  repository(fullName: string, defaultBranch = "main"): FakeRepository {
    const key = fullName.toLowerCase();
    const found = this.repositories.get(key);
    if (found) return found;
    const [owner = "", name = ""] = fullName.split("/");
    const repo: FakeRepository = { owner, name, defaultBranch, files: new Map(), runs: [], deployments: [] };
    this.repositories.set(key, repo);
    return repo;
  }

  /** Installs the App on these repositories of one account (a new installation per call). */
  install(account: string, fullNames: string[]): FakeInstallation {
    const installation = { id: newId(), account, repositories: new Set<string>() };
    for (const name of fullNames) {
      this.repository(name);
      installation.repositories.add(name.toLowerCase());
    }
    this.installations.set(installation.id, installation);
    return installation;
  }

  installationOf(fullName: string): FakeInstallation | undefined {
    const key = fullName.toLowerCase();
    return [...this.installations.values()].find((i) => i.repositories.has(key));
  }

  addRun(fullName: string, run: Partial<FakeRun> & { created_at: string }): FakeRun {
    const full: FakeRun = {
      id: newId(),
      run_attempt: 1,
      name: "CI",
      path: ".github/workflows/ci.yml",
      event: "push",
      status: "completed",
      conclusion: "success",
      updated_at: run.created_at,
      actor: { login: "octocat", type: "User" },
      ...run,
    };
    this.repository(fullName).runs.push(full);
    return full;
  }

  addDeployment(
    fullName: string,
    deployment: Partial<Omit<FakeDeployment, "statuses">> & { created_at: string },
    states: string[] = ["success"],
  ): FakeDeployment {
    const full: FakeDeployment = {
      id: newId(),
      environment: "production",
      creator: { login: "octocat", type: "User" },
      performed_via_github_app: null,
      ...deployment,
      statuses: [],
    };
    const repo = this.repository(fullName);
    for (const state of states) {
      const id = newId();
      const log_url = `https://github.com/${repo.owner}/${repo.name}/actions/runs/${id}`;
      full.statuses.push({ id, state, created_at: full.created_at, log_url });
    }
    repo.deployments.push(full);
    return full;
  }

  clear(): void {
    this.repositories.clear();
    this.installations.clear();
  }
}

/** A workflow run as `GET /repos/{o}/{r}/actions/runs` lists it. */
export function runJson(repo: FakeRepository, run: FakeRun, apiUrl: string): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    ...run,
    head_branch: repo.defaultBranch,
    run_started_at: run.created_at,
    html_url: `https://github.com/${fullName}/actions/runs/${run.id}`,
    url: `${apiUrl}/repos/${fullName}/actions/runs/${run.id}`,
    triggering_actor: run.actor,
    repository: repositoryJson(repo, apiUrl),
  };
}

export function deploymentJson(
  repo: FakeRepository,
  d: FakeDeployment,
  apiUrl: string,
): Record<string, unknown> {
  const { statuses: _statuses, ...fields } = d;
  const url = `${apiUrl}/repos/${repo.owner}/${repo.name}/deployments/${d.id}`;
  return {
    ...fields,
    url,
    statuses_url: `${url}/statuses`,
    task: "deploy",
    original_environment: d.environment,
  };
}

export function repositoryJson(repo: FakeRepository, apiUrl: string): Record<string, unknown> {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    name: repo.name,
    full_name: fullName,
    owner: { login: repo.owner },
    private: true,
    html_url: `https://github.com/${fullName}`,
    url: `${apiUrl}/repos/${fullName}`,
    default_branch: repo.defaultBranch,
  };
}
