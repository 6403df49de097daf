// Evidence signals and team links for tests: typed factories with the facts each kind carries.
import type { RepositoryLink, TeamLinks } from "../../src/domain/evidence.js";
import type { EvidenceSignal, FactValue, SignalKind } from "../../src/domain/evidence-signal.js";

export const NOW = new Date("2026-12-06T12:00:00Z");
const HOUR = 3_600_000;

/** An instant `hours` before NOW. */
export const hoursAgo = (hours: number, now = NOW): Date => new Date(now.getTime() - hours * HOUR);

let serial = 0;

const SUBJECT_KIND = {
  workflow_run: "repository",
  check_suite: "repository",
  check_run: "repository",
  deployment: "repository",
  push: "repository",
  file: "repository",
  mlflow_run: "experiment",
  model_version: "model",
} as const;

export function signal(
  kind: SignalKind,
  facts: Record<string, FactValue>,
  options: { subject?: string; hoursAgo?: number; at?: string; url?: string | null } = {},
): EvidenceSignal {
  serial += 1;
  const subjectKind = SUBJECT_KIND[kind];
  const subject = options.subject ?? (subjectKind === "repository" ? "acme/web" : "churn");
  return {
    source: kind === "mlflow_run" || kind === "model_version" ? "mlflow" : "github",
    kind,
    subjectKind,
    subject,
    externalId: `${kind}-${serial}`,
    occurredAt: options.at ? new Date(options.at) : hoursAgo(options.hoursAgo ?? 2),
    url: options.url === undefined ? `https://github.com/${subject}/${kind}/${serial}` : options.url,
    facts,
  };
}

export const workflowRun = (facts: Record<string, FactValue>, options = {}) =>
  signal(
    "workflow_run",
    {
      event: "push",
      status: "completed",
      conclusion: "success",
      workflowPath: ".github/workflows/ci.yml",
      workflowName: "CI",
      actorType: "person",
      ...facts,
    },
    options,
  );

export const deployment = (facts: Record<string, FactValue>, options = {}) =>
  signal(
    "deployment",
    { environment: "production", state: "success", creatorType: "automation", ...facts },
    options,
  );

export function repositoryLink(
  repository = "acme/web",
  options: Partial<RepositoryLink> = {},
): RepositoryLink {
  return {
    repository,
    model: false,
    trainingWorkflow: null,
    deployEnvironment: "production",
    scoringPath: null,
    ...options,
  };
}

export function links(options: Partial<TeamLinks> = {}): TeamLinks {
  return { repositories: [repositoryLink()], experiments: [], models: [], ...options };
}
