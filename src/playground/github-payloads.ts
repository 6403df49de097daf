// The webhook bodies the playground's GitHub buttons send: shaped field for field like GitHub's own examples
// (@octokit/webhooks-examples, which test/playground/github-payloads.test.ts holds them against), with fewer
// of the URLs GitHub adds, and stamped with the playground's clock. Pure: ids and "now" are given.

/** What a button sends: a CI run that passed, a deployment made by a person, a scheduled training run. */
export type DemoDeliveryKind = "ci" | "deploy" | "training";

export interface DeliveryRepository {
  /** `owner/repo`. */
  readonly fullName: string;
  readonly defaultBranch: string;
  /** The fake GitHub's installation of the App on it (GitHub names it in every App delivery). */
  readonly installationId: number;
}

export interface DeliveryFacts {
  readonly repository: DeliveryRepository;
  /** The GitHub login of whoever pushed, deployed, or last edited the schedule. */
  readonly login: string;
  readonly now: Date;
  /** A number GitHub would give the run or the deployment (and, +1, its status). */
  readonly id: number;
}

export interface CiRun extends DeliveryFacts {
  readonly workflow: { readonly name: string; readonly path: string };
  readonly event: "push" | "schedule";
}

export interface ManualDeploy extends DeliveryFacts {
  readonly environment: string;
}

const API = "https://api.github.com";
/** GitHub's timestamps: seconds, no fraction. */
const stamp = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);
/** A commit's sha as GitHub shows it: 40 hex digits (made from the id, so the same click gives the same sha). */
const shaOf = (id: number) => id.toString(16).padStart(40, "0").slice(-40);
/** A stable number for a name (a user's, an organisation's or a repository's id), as GitHub keeps them. */
const idOf = (name: string) => [...name].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 900_000_000, 7);

function user(login: string, type = "User") {
  const id = idOf(login);
  return {
    login,
    id,
    node_id: `U_${login}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    html_url: `https://github.com/${login}`,
    url: `${API}/users/${login}`,
    type,
    site_admin: false,
  };
}

function organization(login: string) {
  return { login, id: idOf(login), node_id: `O_${login}`, url: `${API}/orgs/${login}`, description: "" };
}

/** A repository as a run names it (its own and its head's): the short form, without branch or push. */
function repositoryRef(fullName: string) {
  const [owner = "", name = ""] = fullName.split("/");
  return {
    id: idOf(fullName),
    node_id: `R_${fullName}`,
    name,
    full_name: fullName,
    private: true,
    owner: user(owner, "Organization"),
    html_url: `https://github.com/${fullName}`,
    url: `${API}/repos/${fullName}`,
  };
}

function repositoryOf(repo: DeliveryRepository, now: Date) {
  return {
    ...repositoryRef(repo.fullName),
    default_branch: repo.defaultBranch,
    pushed_at: stamp(now),
    visibility: "private",
  };
}

/** The fields every App delivery has beside its object: the repository, the organisation, who, the installation. */
function envelope(facts: DeliveryFacts) {
  const [owner = ""] = facts.repository.fullName.split("/");
  return {
    repository: repositoryOf(facts.repository, facts.now),
    organization: organization(owner),
    sender: user(facts.login),
    installation: { id: facts.repository.installationId, node_id: `I_${facts.repository.installationId}` },
  };
}

/** `workflow_run` completed with success: a CI run on push, or a training run from its schedule. */
export function workflowRunCompleted(run: CiRun): Record<string, unknown> {
  const { fullName, defaultBranch } = run.repository;
  const runUrl = `${API}/repos/${fullName}/actions/runs/${run.id}`;
  const workflowId = idOf(`${fullName}/${run.workflow.path}`);
  const started = minutesBefore(run.now, 4);
  const actor = user(run.login);
  return {
    action: "completed",
    workflow_run: {
      id: run.id,
      name: run.workflow.name,
      node_id: `WFR_${run.id}`,
      head_branch: defaultBranch,
      head_sha: shaOf(run.id),
      path: run.workflow.path,
      display_title: run.event === "schedule" ? run.workflow.name : "Update the feature pipeline",
      run_number: run.id % 1000,
      event: run.event,
      status: "completed",
      conclusion: "success",
      workflow_id: workflowId,
      check_suite_id: run.id + 1,
      url: runUrl,
      html_url: `https://github.com/${fullName}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: stamp(started),
      updated_at: stamp(run.now),
      run_attempt: 1,
      run_started_at: stamp(started),
      actor,
      triggering_actor: actor,
      jobs_url: `${runUrl}/jobs`,
      logs_url: `${runUrl}/logs`,
      workflow_url: `${API}/repos/${fullName}/actions/workflows/${workflowId}`,
      repository: repositoryRef(fullName),
      head_repository: repositoryRef(fullName),
    },
    workflow: {
      id: workflowId,
      node_id: `W_${workflowId}`,
      name: run.workflow.name,
      path: run.workflow.path,
      state: "active",
      created_at: "2026-01-05T09:00:00.000Z",
      updated_at: "2026-01-05T09:00:00.000Z",
      url: `${API}/repos/${fullName}/actions/workflows/${workflowId}`,
      html_url: `https://github.com/${fullName}/blob/${defaultBranch}/${run.workflow.path}`,
      badge_url: `https://github.com/${fullName}/workflows/${encodeURIComponent(run.workflow.name)}/badge.svg`,
    },
    ...envelope(run),
  };
}

/** `deployment_status` created, state success: a deployment a person made by hand (no workflow, no app). */
export function manualDeploymentSucceeded(deploy: ManualDeploy): Record<string, unknown> {
  const { fullName, defaultBranch } = deploy.repository;
  const deploymentUrl = `${API}/repos/${fullName}/deployments/${deploy.id}`;
  const creator = user(deploy.login);
  const created = minutesBefore(deploy.now, 1);
  return {
    action: "created",
    deployment_status: {
      url: `${deploymentUrl}/statuses/${deploy.id + 1}`,
      id: deploy.id + 1,
      node_id: `DES_${deploy.id + 1}`,
      state: "success",
      creator,
      description: "Deployed by hand",
      environment: deploy.environment,
      target_url: "",
      created_at: stamp(deploy.now),
      updated_at: stamp(deploy.now),
      deployment_url: deploymentUrl,
      repository_url: `${API}/repos/${fullName}`,
    },
    deployment: {
      url: deploymentUrl,
      id: deploy.id,
      node_id: `DE_${deploy.id}`,
      sha: shaOf(deploy.id),
      ref: defaultBranch,
      task: "deploy",
      payload: {},
      original_environment: deploy.environment,
      environment: deploy.environment,
      description: null,
      creator,
      created_at: stamp(created),
      updated_at: stamp(deploy.now),
      statuses_url: `${deploymentUrl}/statuses`,
      repository_url: `${API}/repos/${fullName}`,
      performed_via_github_app: null,
    },
    ...envelope(deploy),
  };
}
