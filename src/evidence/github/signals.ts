// GitHub's objects → evidence signals (src/domain/evidence-signal.ts), for webhook deliveries and REST backfill
// alike. Pure: no clock, no network. A payload that does not parse gives no signal rather than an error, since
// it is outside input and the other deliveries must still be stored.
//
// One externalId per thing, whatever the delivery: a run attempt (`<run id>:<attempt>`), a deployment
// (`<deployment id>`, carrying its latest status), a check suite, a check run, a push (`<ref>@<sha>`). The same
// thing arrives again with newer facts (a run requested, then completed; a deployment's next status):
// occurredAt is when GitHub last changed it, so the newer delivery is the one to keep.
import type { ActorType, EvidenceSignal, FactValue } from "../../domain/evidence-signal.js";
import { type Deployment, type DeploymentStatus, type WorkflowRun, webhookSchemas } from "./payloads.js";

/** The webhook events that carry evidence; the GitHub App manifest subscribes to exactly these. */
export const EVIDENCE_EVENTS = Object.keys(webhookSchemas) as (keyof typeof webhookSchemas)[];

/** Events started by automation whoever the actor is (GitHub names a person as the actor of a schedule). */
const AUTOMATED_EVENTS = new Set(["schedule", "repository_dispatch"]);

export const subjectOf = (fullName: string): string => fullName.toLowerCase();

const isAutomation = (who: { type: string } | null | undefined): boolean => who?.type === "Bot";

const signal = (
  kind: EvidenceSignal["kind"],
  repo: string,
  externalId: string,
  occurredAt: string | number,
  url: string | null | undefined,
  facts: Record<string, FactValue>,
): EvidenceSignal => ({
  source: "github",
  kind,
  subjectKind: "repository",
  subject: subjectOf(repo),
  externalId,
  occurredAt: typeof occurredAt === "number" ? new Date(occurredAt * 1000) : new Date(occurredAt),
  url: url || null,
  facts,
});

/** A workflow run (webhook `workflow_run` or REST `GET /repos/{o}/{r}/actions/runs`). */
export function workflowRunSignal(
  repo: string,
  run: WorkflowRun,
  workflow?: { path?: string | null; name?: string | null } | null,
): EvidenceSignal {
  const actor = run.triggering_actor ?? run.actor;
  const actorType: ActorType =
    AUTOMATED_EVENTS.has(run.event) || isAutomation(actor) ? "automation" : "person";
  return signal(
    "workflow_run",
    repo,
    `${run.id}:${run.run_attempt ?? 1}`,
    run.updated_at ?? run.created_at,
    run.html_url,
    {
      event: run.event,
      status: run.status ?? null,
      conclusion: run.conclusion ?? null,
      workflowPath: run.path ?? workflow?.path ?? null,
      workflowName: run.name ?? workflow?.name ?? null,
      actorType,
    },
  );
}

/**
 * A deployment and its latest status (webhook `deployment` / `deployment_status`, or REST deployments with
 * their first listed status). Without a status yet it is `pending`, as GitHub shows a new deployment.
 */
export function deploymentSignal(
  repo: string,
  repoHtmlUrl: string,
  deployment: Deployment,
  status: DeploymentStatus | null,
): EvidenceSignal {
  const creatorType: ActorType =
    isAutomation(deployment.creator) || deployment.performed_via_github_app ? "automation" : "person";
  const url =
    status?.log_url || status?.target_url || status?.environment_url || `${repoHtmlUrl}/deployments`;
  return signal("deployment", repo, String(deployment.id), status?.created_at ?? deployment.created_at, url, {
    environment: deployment.environment,
    state: status?.state ?? "pending",
    creatorType,
  });
}

const appSlug = (app: { slug?: string | null; name?: string | null } | null | undefined) =>
  app?.slug ?? app?.name ?? null;

type Payload<E extends keyof typeof webhookSchemas> = ReturnType<(typeof webhookSchemas)[E]["parse"]>;

const fromPayload: { [E in keyof typeof webhookSchemas]: (p: Payload<E>) => EvidenceSignal[] } = {
  workflow_run: (p) => [workflowRunSignal(p.repository.full_name, p.workflow_run, p.workflow)],
  deployment: (p) => [deploymentSignal(p.repository.full_name, p.repository.html_url, p.deployment, null)],
  deployment_status: (p) => [
    deploymentSignal(p.repository.full_name, p.repository.html_url, p.deployment, p.deployment_status),
  ],
  check_suite: ({ check_suite: suite, repository }) => [
    signal(
      "check_suite",
      repository.full_name,
      String(suite.id),
      suite.updated_at ?? suite.created_at ?? 0,
      `${repository.html_url}/commit/${suite.head_sha}/checks?check_suite_id=${suite.id}`,
      // A suite lists the pull requests of its head commit; one on a branch without them came from a push.
      {
        event: suite.pull_requests?.length ? "pull_request" : suite.head_branch ? "push" : null,
        conclusion: suite.conclusion ?? null,
        app: appSlug(suite.app),
      },
    ),
  ],
  check_run: ({ check_run: run, repository }) => [
    signal(
      "check_run",
      repository.full_name,
      String(run.id),
      run.completed_at ?? run.started_at ?? 0,
      run.html_url,
      {
        name: run.name,
        conclusion: run.conclusion ?? null,
        app: appSlug(run.app),
      },
    ),
  ],
  push: (p) => {
    if (p.deleted) return []; // a deleted branch or tag pushes no commit
    const when = p.repository.pushed_at ?? p.head_commit?.timestamp ?? 0;
    return [
      signal("push", p.repository.full_name, `${p.ref}@${p.after}`, when, p.compare, {
        ref: p.ref,
        commits: p.commits.length,
        defaultBranch:
          p.repository.default_branch != null && p.ref === `refs/heads/${p.repository.default_branch}`,
      }),
    ];
  },
};

/** The signals in one webhook delivery (`X-GitHub-Event` and the parsed body); none for other events. */
export function signalsFromWebhook(eventName: string, payload: unknown): EvidenceSignal[] {
  if (!Object.hasOwn(webhookSchemas, eventName)) return [];
  const name = eventName as keyof typeof webhookSchemas;
  const parsed = webhookSchemas[name].safeParse(payload);
  if (!parsed.success) return [];
  return (fromPayload[name] as (p: unknown) => EvidenceSignal[])(parsed.data);
}

/** Whether a file (or directory) is on the default branch, as seen at `checkedAt`; one id per path. */
export function fileSignal(
  repo: string,
  path: string,
  htmlUrl: string | null,
  checkedAt: Date,
): EvidenceSignal {
  return signal("file", repo, path, checkedAt.toISOString(), htmlUrl, { path, present: htmlUrl !== null });
}
