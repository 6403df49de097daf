// The last weeks of a repository's workflow runs and deployments (each with its latest status), as signals:
// what a newly linked repository starts with, before webhooks bring the rest.
import { type Deployment, deploymentSchema, deploymentStatusSchema, workflowRunSchema } from "./payloads.js";
import { asGathered, type Gathered, type GitHubReader } from "./reader.js";
import { deploymentSignal, workflowRunSignal } from "./signals.js";

/** GitHub returns at most 1,000 runs for a filtered list, so ten pages of 100 are all there is to read. */
const MAX_LISTED_RUNS = 1_000;
const MAX_RUN_PAGES = MAX_LISTED_RUNS / 100;
/** Date ranges read at most for one repository: 5,000 runs, more than any team's 28 days but a monorepo's. */
const RUN_RANGES = 5;
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
  const runs = await runsSince(reader, repo, since, now);
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

/**
 * The workflow runs created from `since` to `now`. GitHub lists at most 1,000 for a date filter and then offers
 * no next page, so a busy repository is read in date ranges, newest first: after a full list, again up to the
 * day of its oldest run (that day read twice, its runs kept once), until the window is read or RUN_RANGES are.
 */
async function runsSince(reader: GitHubReader, repo: string, since: Date, now: Date) {
  const first = since.toISOString().slice(0, 10);
  const byId = new Map<string, unknown>();
  let until = now.toISOString().slice(0, 10);
  for (let range = 1; ; range++) {
    const runs = await reader.pages<{ workflow_runs: unknown[] }>(
      repo,
      "GET /repos/{owner}/{repo}/actions/runs",
      { created: `${first}..${until}`, per_page: 100 },
      MAX_RUN_PAGES,
      (page) => page.workflow_runs,
    );
    if (runs.kind !== "ok") return runs;
    for (const run of runs.items) {
      const { id, run_attempt } = run as { id?: unknown; run_attempt?: unknown };
      byId.set(`${id}:${run_attempt}`, run);
    }
    const items = [...byId.values()];
    if (runs.items.length < MAX_LISTED_RUNS) return { kind: "ok" as const, items, complete: runs.complete };
    const oldest = runs.items
      .map((r) => String((r as { created_at?: unknown }).created_at ?? "").slice(0, 10))
      .sort()[0];
    // A single day of more than 1,000 runs, or ranges enough: what was read is all there will be.
    if (!oldest || oldest >= until || oldest <= first || range >= RUN_RANGES)
      return { kind: "ok" as const, items, complete: false };
    until = oldest;
  }
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
