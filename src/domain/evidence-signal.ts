// What a system says happened, in one shape whatever the source: a GitHub webhook or REST backfill, or an
// MLflow poll, becomes a list of signals; the pure rules in evidence.ts turn a team's signals into verdicts.
// Signals are facts about a linked subject (a repository, an experiment, a registered model), not about a
// team: every team that linked the subject in that workspace sees them.

export type EvidenceSource = "github" | "mlflow";

/** What a signal is a fact about. */
export type SubjectKind = "repository" | "experiment" | "model";

/**
 * The kinds of signal, with the facts each carries (names are a contract between the sources and the rules):
 * - `workflow_run`: a GitHub Actions run. event (`push`, `pull_request`, `schedule`, `repository_dispatch`,
 *   `workflow_dispatch`, …), status, conclusion (`success`, `failure`, … or null while running),
 *   workflowPath (`.github/workflows/train.yml`), workflowName, actorType (ActorType: a Bot or an app is
 *   automation; so is a `schedule` or `repository_dispatch` event).
 * - `check_suite`: event (`push`, `pull_request`; null when unknown), conclusion, app (the app's slug).
 * - `check_run`: name, conclusion, app.
 * - `deployment`: a deployment status. environment, state (`success`, `failure`, `in_progress`, …),
 *   creatorType (ActorType of the deployment's creator: a Bot, or created through an app, is automation).
 * - `push`: commits pushed. ref, commits (a count), defaultBranch (true when pushed to the default branch).
 * - `file`: a file on the default branch. path, present (boolean).
 * - `mlflow_run`: sourceType (`mlflow.source.type`: `JOB`, `PROJECT`, `NOTEBOOK`, `LOCAL`, `UNKNOWN`),
 *   status, experimentName, actorType (automation when started by a job or a scheduler, else person).
 * - `model_version`: version, stage, aliases (comma-separated, empty when none).
 */
export type SignalKind =
  | "workflow_run"
  | "check_suite"
  | "check_run"
  | "deployment"
  | "push"
  | "file"
  | "mlflow_run"
  | "model_version";

/** Who or what started something: a person, or automation (a workflow, an app, a bot, a schedule). */
export type ActorType = "person" | "automation";

export type FactValue = string | number | boolean | null;

export interface EvidenceSignal {
  readonly source: EvidenceSource;
  readonly kind: SignalKind;
  readonly subjectKind: SubjectKind;
  /** `owner/repo` (lower case), an MLflow experiment name, or a registered model name. */
  readonly subject: string;
  /** Unique per source, kind and subject: the same run seen by webhook and backfill is stored once. */
  readonly externalId: string;
  readonly occurredAt: Date;
  /** Where a person can see it (the run, the deployment, the MLflow run); null when there is no page. */
  readonly url: string | null;
  /** The few facts the rules read, by name (see SignalKind). */
  readonly facts: Readonly<Record<string, FactValue>>;
}
