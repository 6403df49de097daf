// The rule table of docs/evidence.md, one function per practice: a team's signals of the window (already
// narrowed to its links by evidence.ts) → a verdict with its facts, or null. Keep the two in step.
import type { PracticeEvidence, RepositoryLink, TeamLinks } from "./evidence.js";
import type { EvidenceSignal, EvidenceSource } from "./evidence-signal.js";
import { ago, count, EVIDENCE_WINDOW_DAYS, latest, recentFacts } from "./evidence-wording.js";
import type { CriterionId } from "./rubric.js";

type Found = Omit<PracticeEvidence, "criterion">;
type Rule = (signals: readonly EvidenceSignal[], links: TeamLinks, now: Date) => Found | null;

const CI_KINDS = new Set(["workflow_run", "check_suite", "check_run"]);
const CI_EVENTS = new Set(["push", "pull_request"]);
/** The app GitHub Actions' check suites belong to. */
const ACTIONS_APP = "github-actions";
/** A change, or another system (repository_dispatch), starts the build: not a person's click nor a clock. */
const BUILD_EVENTS = new Set([
  "push",
  "pull_request",
  "pull_request_target",
  "merge_group",
  "repository_dispatch",
]);
const NOTEBOOK_SOURCES = new Set(["NOTEBOOK", "LOCAL"]);
const AUTOMATED_SOURCES = new Set(["JOB", "PROJECT"]);
const SCHEDULED_EVENTS = new Set(["schedule", "repository_dispatch"]);

/** Words that say a job tests, as GitHub shows job and workflow names. */
const TEST_WORDS = new Set(["test", "tests", "testing", "unittest", "pytest", "jest", "vitest", "e2e"]);

/**
 * A check or workflow whose name says it tests: "unit tests", "integration-test", "UnitTests", "runTests",
 * "Run pytest", "E2E"; not "latest build" nor "Majestic deploy". Its words, split at anything but letters and
 * digits and at camelCase humps; the name as written also counts whole, so "E2E" stays one word.
 */
export function namesATest(name: string): boolean {
  const words = `${name} ${name.replace(/([a-z0-9])([A-Z])/g, "$1 $2")}`.toLowerCase().split(/[^a-z0-9]+/);
  return words.some((word) => TEST_WORDS.has(word));
}

/** The scoring script: the link's path (a file, or a folder and what is in it), else `score*.py` or `score/`. */
export function isScoringScript(path: string, scoringPath: string | null): boolean {
  if (scoringPath !== null) {
    const base = scoringPath.replace(/\/+$/, "");
    return path === base || path.startsWith(`${base}/`);
  }
  const file = path.split("/").pop() ?? "";
  return /^score[^/]*\.py$/i.test(file) || /(^|\/)score\//i.test(path);
}

/** A test file of the scoring script: its name says test and score (tests/test_score.py, score_test.py). */
function isScoringTest(path: string): boolean {
  const file = path.split("/").pop() ?? "";
  return /test/i.test(file) && /scor/i.test(file);
}

const fact = (s: EvidenceSignal, name: string) => s.facts[name] ?? null;
const ofKind = (signals: readonly EvidenceSignal[], ...kinds: string[]) =>
  signals.filter((s) => kinds.includes(s.kind));

function found(verdict: Found["verdict"], source: EvidenceSource, facts: string, url: string | null): Found {
  return { verdict, source, facts, url };
}

/**
 * CI runs: workflow runs started by a change or by another system, never the training workflow; check suites,
 * but not GitHub Actions' own when its workflow runs are there (each run is also a suite: counted once).
 */
function ciRuns(signals: readonly EvidenceSignal[], links: TeamLinks): EvidenceSignal[] {
  const training = new Set(trainingRuns(signals, links));
  const runsOf = new Set(ofKind(signals, "workflow_run").map((s) => s.subject));
  return signals.filter((s) => {
    const event = String(fact(s, "event"));
    if (s.kind === "check_suite")
      return CI_EVENTS.has(event) && !(fact(s, "app") === ACTIONS_APP && runsOf.has(s.subject));
    return s.kind === "workflow_run" && BUILD_EVENTS.has(event) && !training.has(s);
  });
}

const automatedBuilds: Rule = (signals, links, now) => {
  const ci = ciRuns(signals, links);
  if (ci.length > 0) {
    const runs = count(ci.length, ci.every((s) => s.kind === "check_suite") ? "check suite" : "CI run");
    const events = [...new Set(ci.map((s) => String(fact(s, "event"))))].sort().join(" and ");
    const facts = recentFacts(ci, `${runs} on ${events}`, now);
    return found("supports", "github", facts, latest(ci).url);
  }
  const pushes = ofKind(signals, "push").filter((s) => Number(fact(s, "commits")) > 0);
  if (pushes.length === 0 || signals.some((s) => CI_KINDS.has(s.kind))) return null;
  const commits = pushes.reduce((n, s) => n + Number(fact(s, "commits")), 0);
  const facts = recentFacts(pushes, `${count(commits, "commit")} pushed and no CI run at all`, now);
  return found("disputes", "github", facts, latest(pushes).url);
};

/** Tests run in CI: completed check runs, or workflow runs, whose name says test. */
function testRuns(signals: readonly EvidenceSignal[]): EvidenceSignal[] {
  return signals.filter(
    (s) =>
      (s.kind === "check_run" && fact(s, "conclusion") !== null && namesATest(String(fact(s, "name")))) ||
      (s.kind === "workflow_run" && namesATest(String(fact(s, "workflowName") ?? ""))),
  );
}

const testsInCi: Rule = (signals, _links, now) => {
  const tests = testRuns(signals);
  if (tests.length > 0) {
    const name = String(fact(latest(tests), "name") ?? fact(latest(tests), "workflowName"));
    const facts = recentFacts(tests, `${count(tests.length, "test run")} in CI (“${name}”)`, now);
    return found("supports", "github", facts, latest(tests).url);
  }
  // Only check runs say which jobs ran; without any, "no test" would be a guess.
  const checks = ofKind(signals, "check_run").filter((s) => fact(s, "conclusion") !== null);
  if (checks.length === 0) return null;
  const facts = recentFacts(checks, `${count(checks.length, "check run")}, none named like a test`, now);
  return found("disputes", "github", facts, latest(checks).url);
};

/**
 * A deployment that went out: `success`, or `inactive`, which GitHub gives only to a deployment that had
 * succeeded once a newer one replaces it (auto_inactive, on by default outside production environments).
 */
const DEPLOYED_STATES = new Set(["success", "inactive"]);

/** Successful deployments to each repository's deploy environment: by automation, or by a person. */
function releases(signals: readonly EvidenceSignal[], repositories: readonly RepositoryLink[], now: Date) {
  const environment = new Map(repositories.map((r) => [r.repository, r.deployEnvironment.toLowerCase()]));
  const deployed = ofKind(signals, "deployment").filter(
    (s) =>
      environment.get(s.subject) === String(fact(s, "environment")).toLowerCase() &&
      DEPLOYED_STATES.has(String(fact(s, "state"))),
  );
  if (deployed.length === 0) return null;
  const automated = deployed.filter((s) => fact(s, "creatorType") === "automation");
  const manual = deployed.filter((s) => fact(s, "creatorType") !== "automation");
  const env = String(fact(latest(deployed), "environment"));
  if (automated.length > manual.length) {
    const byPerson = manual.length > 0 ? `; ${manual.length} by a person` : "";
    const what = `${count(automated.length, "deployment")} to ${env} by a workflow or an app${byPerson}`;
    return found("supports", "github", recentFacts(automated, what, now), latest(automated).url);
  }
  const what = `${manual.length} of ${count(deployed.length, "deployment")} to ${env} created by a person`;
  return found("disputes", "github", recentFacts(manual, what, now), latest(manual).url);
}

const appReleases: Rule = (signals, links, now) => releases(signals, links.repositories, now);

const modelReleases: Rule = (signals, links, now) =>
  releases(
    signals,
    links.repositories.filter((r) => r.model),
    now,
  );

/** The latest file signal per repository and path says whether the file is there now. */
function presentFiles(signals: readonly EvidenceSignal[]): EvidenceSignal[] {
  const newest = new Map<string, EvidenceSignal>();
  for (const s of ofKind(signals, "file")) {
    const key = `${s.subject}\n${String(fact(s, "path"))}`;
    const seen = newest.get(key);
    if (!seen || s.occurredAt > seen.occurredAt) newest.set(key, s);
  }
  return [...newest.values()].filter((s) => fact(s, "present") === true);
}

function scoringScripts(signals: readonly EvidenceSignal[], links: TeamLinks): EvidenceSignal[] {
  const scoringPath = new Map(links.repositories.map((r) => [r.repository, r.scoringPath]));
  return presentFiles(signals).filter((s) =>
    isScoringScript(String(fact(s, "path")), scoringPath.get(s.subject) ?? null),
  );
}

const scoringVersioned: Rule = (signals, links, now) => {
  const scripts = scoringScripts(signals, links);
  if (scripts.length === 0) return null;
  const s = latest(scripts);
  const facts = `${String(fact(s, "path"))} is on the default branch of ${s.subject} (checked ${ago(s.occurredAt, now)})`;
  return found("supports", "github", facts, s.url);
};

const scoringTested: Rule = (signals, links, now) => {
  const scripts = scoringScripts(signals, links);
  const testFiles = presentFiles(signals).filter(
    (s) => isScoringTest(String(fact(s, "path"))) && scripts.some((script) => script.subject === s.subject),
  );
  const tests = testRuns(signals).filter((s) => testFiles.some((f) => f.subject === s.subject));
  if (testFiles.length === 0 || tests.length === 0) return null;
  const file = String(fact(latest(testFiles), "path"));
  const what = `${file} tests the scoring script; ${count(tests.length, "test run")} in CI`;
  return found("supports", "github", recentFacts(tests, what, now), latest(tests).url);
};

/** Runs of each repository's training workflow. */
function trainingRuns(signals: readonly EvidenceSignal[], links: TeamLinks): EvidenceSignal[] {
  const workflow = new Map(links.repositories.map((r) => [r.repository, r.trainingWorkflow]));
  return ofKind(signals, "workflow_run").filter((s) => {
    const path = workflow.get(s.subject);
    return path != null && fact(s, "workflowPath") === path;
  });
}

const automatedTraining: Rule = (signals, links, now) => {
  const scheduled = trainingRuns(signals, links).filter((s) =>
    SCHEDULED_EVENTS.has(String(fact(s, "event"))),
  );
  const mlflow = ofKind(signals, "mlflow_run");
  const jobs = mlflow.filter((s) => AUTOMATED_SOURCES.has(String(fact(s, "sourceType"))));
  if (scheduled.length > 0) {
    const also = jobs.length > 0 ? `; ${count(jobs.length, "MLflow run")} from jobs or projects` : "";
    const what = `${count(scheduled.length, "training run")} on a schedule or repository_dispatch${also}`;
    return found("supports", "github", recentFacts(scheduled, what, now), latest(scheduled).url);
  }
  if (jobs.length > 0) {
    const what = `${count(jobs.length, "MLflow run")} from jobs or projects`;
    return found("supports", "mlflow", recentFacts(jobs, what, now, "experiments"), latest(jobs).url);
  }
  if (mlflow.length === 0 || !mlflow.every((s) => NOTEBOOK_SOURCES.has(String(fact(s, "sourceType")))))
    return null;
  const what =
    mlflow.length === 1
      ? "the one MLflow run from a notebook or a local script"
      : `all ${count(mlflow.length, "MLflow run")} from notebooks or local scripts`;
  return found("disputes", "mlflow", recentFacts(mlflow, what, now, "experiments"), latest(mlflow).url);
};

const experimentTracking: Rule = (signals, links, now) => {
  const runs = ofKind(signals, "mlflow_run");
  if (runs.length > 0) {
    const what = count(runs.length, "MLflow run");
    return found("supports", "mlflow", recentFacts(runs, what, now, "experiments"), latest(runs).url);
  }
  const polled = links.experiments.filter((e) => e.polledAt !== null).map((e) => e.name);
  if (polled.length === 0) return null;
  const facts = `no MLflow run in ${EVIDENCE_WINDOW_DAYS} days in ${polled.join(", ")}`;
  return found("disputes", "mlflow", facts, null);
};

const modelVersioning: Rule = (signals, _links, now) => {
  const versions = ofKind(signals, "model_version");
  if (versions.length === 0) return null;
  const last = latest(versions);
  const what = `${count(versions.length, "model version")} registered (latest: version ${String(fact(last, "version"))})`;
  return found("supports", "mlflow", recentFacts(versions, what, now, "models"), last.url);
};

const automatedRetraining: Rule = (signals, links, now) => {
  const triggered = trainingRuns(signals, links).filter(
    (s) =>
      fact(s, "event") === "repository_dispatch" ||
      (fact(s, "event") === "workflow_dispatch" && fact(s, "actorType") === "automation"),
  );
  if (triggered.length === 0) return null;
  const what = `${count(triggered.length, "training run")} started by an app or repository_dispatch`;
  return found("supports", "github", recentFacts(triggered, what, now), latest(triggered).url);
};

export const RULES: Partial<Record<CriterionId, Rule>> = {
  automated_builds: automatedBuilds,
  app_unit_tests: testsInCi,
  basic_integration_tests: testsInCi,
  automated_app_releases: appReleases,
  cicd_model_release: modelReleases,
  scoring_script_versioned: scoringVersioned,
  tested_scoring_script: scoringTested,
  automated_training: automatedTraining,
  experiment_tracking: experimentTracking,
  model_versioning: modelVersioning,
  automated_retraining: automatedRetraining,
};
