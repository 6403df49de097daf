// The last weeks of a repository's workflow runs and deployments (each with its latest status), as signals:
// what a newly linked repository starts with, before webhooks bring the rest.
import { type Deployment, deploymentSchema, deploymentStatusSchema, workflowRunSchema } from "./payloads.js";
import { asGathered, type Gathered, type GitHubReader } from "./reader.js";
import { deploymentSignal, workflowRunSignal } from "./signals.js";

/** GitHub returns at most 1,000 runs for a filtered list, so ten pages of 100 are all there is to read. */
const MAX_RUN_PAGES = 10;
/** Deployments are listed newest first; three pages reach back further than 28 days for all but the busiest. */
const MAX_DEPLOYMENT_PAGES = 3;

/** The workflow runs and deployments of `owner/repo` created from `since` to `now`, as signals. */
export async function backfill(
  reader: GitHubReader,
  repo: string,
  since: Date,
  now: Date,
): Promise<Gathered> {
  const inWindow = (iso: string) => Date.parse(iso) >= since.getTime() && Date.parse(iso) <= now.getTime();
  const repository = await reader.repository(repo);
  if (repository.kind !== "ok") return repository;
  const runs = await reader.pages<{ workflow_runs: unknown[] }>(
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
  const deployments = await deploymentsSince(reader, repo, since);
  if (deployments.kind !== "ok") return deployments;
  for (const deployment of deployments.items.filter((d) => inWindow(d.created_at))) {
    const latest = await reader.asInstallation<unknown[]>(
      repo,
      `GET /repos/{owner}/{repo}/deployments/${deployment.id}/statuses`,
      { per_page: 1 },
    );
    if (latest.kind !== "ok") return asGathered(latest);
    const status = deploymentStatusSchema.safeParse(latest.data[0]);
    signals.push(deploymentSignal(repo, repository.htmlUrl, deployment, status.success ? status.data : null));
  }
  return { kind: "ok", signals, complete: runs.complete && deployments.complete };
}

async function deploymentsSince(reader: GitHubReader, repo: string, since: Date) {
  const list = await reader.pages<unknown[]>(
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
