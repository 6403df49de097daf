import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/domain/evaluate.js";
import {
  countedMet,
  disagreements,
  disputedByEvidence,
  EVIDENCED_CRITERIA,
  evidenceFor,
  practicesBehind,
  type TeamLinks,
  verification,
} from "../../src/domain/evidence.js";
import { isScoringScript, namesATest } from "../../src/domain/evidence-rules.js";
import type { EvidenceSignal } from "../../src/domain/evidence-signal.js";
import { ago } from "../../src/domain/evidence-wording.js";
import type { CriterionId } from "../../src/domain/rubric.js";
import { deployment, hoursAgo, links, NOW, repositoryLink, signal, workflowRun } from "../support/signals.js";

function verdictOf(id: CriterionId, signals: EvidenceSignal[], teamLinks: TeamLinks = links(), now = NOW) {
  const found = evidenceFor(signals, teamLinks, now).get(id);
  return found ? { verdict: found.verdict, facts: found.facts, url: found.url, source: found.source } : null;
}

describe("evidence rules", () => {
  it("speaks to the eleven practices of the issue's table, and no others", () => {
    expect(EVIDENCED_CRITERIA).toEqual([
      "automated_builds",
      "app_unit_tests",
      "automated_app_releases",
      "basic_integration_tests",
      "scoring_script_versioned",
      "automated_training",
      "experiment_tracking",
      "model_versioning",
      "tested_scoring_script",
      "cicd_model_release",
      "automated_retraining",
    ]);
  });

  it("gives no verdict at all without signals", () => {
    expect([...evidenceFor([], links(), NOW)]).toEqual([]);
  });

  describe("automated_builds", () => {
    it("is supported by workflow runs on push, counted with the last one's age and link", () => {
      const last = workflowRun({}, { hoursAgo: 2, url: "https://github.com/acme/web/actions/runs/9" });
      const runs = [
        workflowRun({}, { hoursAgo: 30 }),
        workflowRun({ event: "pull_request" }, { hoursAgo: 5 }),
        last,
      ];
      expect(verdictOf("automated_builds", runs)).toEqual({
        verdict: "supports",
        source: "github",
        facts: "3 CI runs on pull_request and push in 28 days, last 2 h ago (in acme/web)",
        url: "https://github.com/acme/web/actions/runs/9",
      });
    });

    it("is supported by check suites on pull requests", () => {
      const suite = signal("check_suite", { event: "pull_request", conclusion: "success", app: "circleci" });
      expect(verdictOf("automated_builds", [suite])?.facts).toBe(
        "1 check suite on pull_request in 28 days, last 2 h ago (in acme/web)",
      );
    });

    it("counts a GitHub Actions run once, though GitHub also sends it as a check suite", () => {
      const run = workflowRun({ event: "push" });
      const actionsSuite = signal("check_suite", {
        event: "push",
        conclusion: "success",
        app: "github-actions",
      });
      const other = signal("check_suite", { event: "push", conclusion: "success", app: "circleci" });
      expect(verdictOf("automated_builds", [run, actionsSuite, other])?.facts).toMatch(/^2 CI runs on push/);
      // Without the workflow runs (an App not subscribed to them), Actions' suites are the runs.
      expect(verdictOf("automated_builds", [actionsSuite])?.facts).toMatch(/^1 check suite on push/);
    });

    it("is disputed by commits pushed with no CI run at all", () => {
      const pushes = [
        signal("push", { ref: "refs/heads/main", commits: 3, defaultBranch: true }, { hoursAgo: 50 }),
        signal("push", { ref: "refs/heads/main", commits: 2, defaultBranch: true }, { hoursAgo: 4 }),
      ];
      expect(verdictOf("automated_builds", pushes)).toMatchObject({
        verdict: "disputes",
        facts: "5 commits pushed and no CI run at all in 28 days, last 4 h ago (in acme/web)",
      });
    });

    it("is not disputed when only scheduled or manual runs exist beside the pushes", () => {
      const push = signal("push", { ref: "refs/heads/main", commits: 1, defaultBranch: true });
      expect(verdictOf("automated_builds", [push, workflowRun({ event: "schedule" })])).toBeNull();
      expect(verdictOf("automated_builds", [push, workflowRun({ event: "workflow_dispatch" })])).toBeNull();
    });

    it("counts runs another system dispatched, but never the training workflow's", () => {
      const dispatched = workflowRun({ event: "repository_dispatch" });
      expect(verdictOf("automated_builds", [dispatched])?.facts).toBe(
        "1 CI run on repository_dispatch in 28 days, last 2 h ago (in acme/web)",
      );
      const training = links({
        repositories: [repositoryLink("acme/web", { trainingWorkflow: ".github/workflows/ci.yml" })],
      });
      expect(verdictOf("automated_builds", [dispatched], training)).toBeNull();
    });

    it("forgets runs older than 28 days, and counts runs 27 days old", () => {
      expect(verdictOf("automated_builds", [workflowRun({}, { hoursAgo: 28 * 24 + 1 })])).toBeNull();
      expect(verdictOf("automated_builds", [workflowRun({}, { hoursAgo: 27 * 24 })])?.facts).toContain(
        "last 27 d ago",
      );
    });

    it("reads time as a parameter: the same run is 2 h old now and gone a month later", () => {
      const runs = [workflowRun({})];
      const monthLater = new Date(NOW.getTime() + 30 * 24 * 3_600_000);
      expect(verdictOf("automated_builds", runs, links(), NOW)?.verdict).toBe("supports");
      expect(verdictOf("automated_builds", runs, links(), monthLater)).toBeNull();
    });

    it("ignores repositories the team has not linked, and names several it has", () => {
      const other = workflowRun({}, { subject: "someone/else" });
      expect(verdictOf("automated_builds", [other])).toBeNull();
      const two = links({ repositories: [repositoryLink("acme/web"), repositoryLink("acme/api")] });
      const runs = [workflowRun({}), workflowRun({}, { subject: "acme/api" })];
      expect(verdictOf("automated_builds", runs, two)?.facts).toContain("(in 2 repositories)");
    });
  });

  describe("app_unit_tests and basic_integration_tests", () => {
    it("are supported by a completed check run whose name says test", () => {
      const run = signal("check_run", {
        name: "unit-tests (20.x)",
        conclusion: "failure",
        app: "github-actions",
      });
      for (const id of ["app_unit_tests", "basic_integration_tests"] as const)
        expect(verdictOf(id, [run])).toMatchObject({
          verdict: "supports",
          facts: "1 test run in CI (“unit-tests (20.x)”) in 28 days, last 2 h ago (in acme/web)",
        });
    });

    it("do not count a check run still running", () => {
      const running = signal("check_run", { name: "tests", conclusion: null, app: "github-actions" });
      expect(verdictOf("app_unit_tests", [running])).toBeNull();
    });

    it("are disputed when check runs exist and none is named like a test", () => {
      const runs = [
        signal("check_run", { name: "build", conclusion: "success", app: "github-actions" }),
        signal("check_run", { name: "lint", conclusion: "success", app: "github-actions" }),
      ];
      expect(verdictOf("app_unit_tests", runs)).toMatchObject({
        verdict: "disputes",
        facts: "2 check runs, none named like a test in 28 days, last 2 h ago (in acme/web)",
      });
    });

    it("give no verdict from workflow runs alone that do not name tests (the jobs are unknown)", () => {
      expect(verdictOf("app_unit_tests", [workflowRun({ workflowName: "Build" })])).toBeNull();
      expect(verdictOf("app_unit_tests", [workflowRun({ workflowName: "Tests" })])?.verdict).toBe("supports");
    });

    it.each([
      ["unit tests", true],
      ["integration-test", true],
      ["Run pytest", true],
      ["e2e", true],
      ["Testing", true],
      ["UnitTests", true],
      ["IntegrationTest", true],
      ["runTests", true],
      ["python -m unittest", true],
      ["E2E", true],
      ["test_score", true],
      ["latest build", false],
      ["contest", false],
      ["Majestic deploy", false],
      ["attestation", false],
      ["build", false],
    ])("%s names a test: %s", (name, expected) => {
      expect(namesATest(name)).toBe(expected);
    });
  });

  describe("automated_app_releases", () => {
    it("is supported by successful deployments to production made by automation", () => {
      const deploys = [deployment({}, { hoursAgo: 20 }), deployment({}, { hoursAgo: 3 })];
      expect(verdictOf("automated_app_releases", deploys)).toMatchObject({
        verdict: "supports",
        facts: "2 deployments to production by a workflow or an app in 28 days, last 3 h ago (in acme/web)",
      });
    });

    it("is disputed by deployments to production created by a person", () => {
      const manual = deployment(
        { creatorType: "person" },
        { url: "https://github.com/acme/web/deployments/7" },
      );
      expect(verdictOf("automated_app_releases", [manual])).toEqual({
        verdict: "disputes",
        source: "github",
        facts: "1 of 1 deployment to production created by a person in 28 days, last 2 h ago (in acme/web)",
        url: "https://github.com/acme/web/deployments/7",
      });
    });

    it("goes with the majority, naming the manual ones beside the automated", () => {
      const deploys = [deployment({}), deployment({}), deployment({ creatorType: "person" })];
      expect(verdictOf("automated_app_releases", deploys)?.facts).toBe(
        "2 deployments to production by a workflow or an app; 1 by a person in 28 days, last 2 h ago (in acme/web)",
      );
      const even = [deployment({}), deployment({ creatorType: "person" })];
      expect(verdictOf("automated_app_releases", even)?.verdict).toBe("disputes");
    });

    it("reads only the link's deploy environment, and only successful deployments", () => {
      const staging = deployment({ environment: "staging", creatorType: "person" });
      const failed = deployment({ state: "failure", creatorType: "person" });
      expect(verdictOf("automated_app_releases", [staging, failed])).toBeNull();
      const prod = links({ repositories: [repositoryLink("acme/web", { deployEnvironment: "Live" })] });
      expect(verdictOf("automated_app_releases", [deployment({ environment: "live" })], prod)?.verdict).toBe(
        "supports",
      );
    });

    it("counts a deployment GitHub made inactive when a newer one replaced it: it had succeeded", () => {
      const replaced = [1, 2, 3].map(() => deployment({ state: "inactive" }));
      const manual = deployment({ creatorType: "person" });
      expect(verdictOf("automated_app_releases", [...replaced, manual])?.facts).toBe(
        "3 deployments to production by a workflow or an app; 1 by a person in 28 days, last 2 h ago (in acme/web)",
      );
      const pending = deployment({ state: "pending", creatorType: "person" });
      expect(verdictOf("automated_app_releases", [pending])).toBeNull();
    });
  });

  describe("cicd_model_release", () => {
    it("reads only repositories linked with --model", () => {
      const teamLinks = links({
        repositories: [repositoryLink("acme/web"), repositoryLink("acme/model", { model: true })],
      });
      const appDeploy = deployment({});
      expect(verdictOf("cicd_model_release", [appDeploy], teamLinks)).toBeNull();
      const modelDeploy = deployment({ creatorType: "person" }, { subject: "acme/model" });
      expect(verdictOf("cicd_model_release", [appDeploy, modelDeploy], teamLinks)).toMatchObject({
        verdict: "disputes",
        facts: "1 of 1 deployment to production created by a person in 28 days, last 2 h ago (in acme/model)",
      });
      expect(verdictOf("automated_app_releases", [appDeploy, modelDeploy], teamLinks)?.verdict).toBe(
        "disputes",
      );
    });
  });

  describe("scoring_script_versioned and tested_scoring_script", () => {
    const file = (path: string, present = true, hours = 1) =>
      signal(
        "file",
        { path, present },
        { hoursAgo: hours, url: `https://github.com/acme/web/blob/main/${path}` },
      );

    it("finds score*.py or a score/ folder on the default branch", () => {
      expect(verdictOf("scoring_script_versioned", [file("src/score_model.py")])).toEqual({
        verdict: "supports",
        source: "github",
        facts: "src/score_model.py is on the default branch of acme/web (checked 1 h ago)",
        url: "https://github.com/acme/web/blob/main/src/score_model.py",
      });
      expect(verdictOf("scoring_script_versioned", [file("score/app.py")])?.verdict).toBe("supports");
      expect(verdictOf("scoring_script_versioned", [file("train.py")])).toBeNull();
    });

    it("believes the latest check: a script removed since is not there", () => {
      expect(
        verdictOf("scoring_script_versioned", [file("score.py", true, 10), file("score.py", false, 1)]),
      ).toBeNull();
    });

    it("uses the path the team gives instead of the usual names", () => {
      const teamLinks = links({
        repositories: [repositoryLink("acme/web", { scoringPath: "serving/predict.py" })],
      });
      expect(verdictOf("scoring_script_versioned", [file("serving/predict.py")], teamLinks)?.verdict).toBe(
        "supports",
      );
      expect(verdictOf("scoring_script_versioned", [file("score.py")], teamLinks)).toBeNull();
      expect(isScoringScript("serving/x/y.py", "serving/")).toBe(true);
    });

    it("counts the scoring script as tested with a test file for it and tests run in CI", () => {
      const tests = signal("check_run", { name: "pytest", conclusion: "success", app: "github-actions" });
      const all = [file("score.py"), file("tests/test_score.py"), tests];
      expect(verdictOf("tested_scoring_script", all)).toMatchObject({
        verdict: "supports",
        facts:
          "tests/test_score.py tests the scoring script; 1 test run in CI in 28 days, last 2 h ago (in acme/web)",
      });
      expect(verdictOf("tested_scoring_script", [file("score.py"), file("tests/test_score.py")])).toBeNull();
      expect(verdictOf("tested_scoring_script", [file("tests/test_score.py"), tests])).toBeNull();
    });
  });

  describe("automated_training and automated_retraining", () => {
    const training = links({
      repositories: [repositoryLink("acme/web", { trainingWorkflow: ".github/workflows/train.yml" })],
      experiments: [{ name: "churn", polledAt: hoursAgo(1) }],
    });
    const train = (event: string, actorType = "person") =>
      workflowRun({ event, actorType, workflowPath: ".github/workflows/train.yml", workflowName: "Train" });
    const mlflowRun = (sourceType: string, hours = 2) =>
      signal(
        "mlflow_run",
        { sourceType, status: "FINISHED", experimentName: "churn", actorType: "person" },
        {
          hoursAgo: hours,
          url: "https://mlflow.example.com/#/experiments/1/runs/abc",
        },
      );

    it("training is supported by scheduled runs of the training workflow", () => {
      expect(verdictOf("automated_training", [train("schedule")], training)).toMatchObject({
        verdict: "supports",
        source: "github",
        facts: "1 training run on a schedule or repository_dispatch in 28 days, last 2 h ago (in acme/web)",
      });
    });

    it("training is not supported by runs of another workflow, nor by manual ones", () => {
      const other = workflowRun({ event: "schedule" });
      expect(verdictOf("automated_training", [other, train("workflow_dispatch")], training)).toBeNull();
    });

    it("training is supported by MLflow runs from jobs or projects", () => {
      expect(verdictOf("automated_training", [mlflowRun("JOB"), mlflowRun("NOTEBOOK")], training)).toEqual({
        verdict: "supports",
        source: "mlflow",
        facts: "1 MLflow run from jobs or projects in 28 days, last 2 h ago (in churn)",
        url: "https://mlflow.example.com/#/experiments/1/runs/abc",
      });
    });

    it("training is disputed when every MLflow run came from a notebook or a local script", () => {
      const runs = [mlflowRun("NOTEBOOK", 5), mlflowRun("LOCAL", 3)];
      expect(verdictOf("automated_training", runs, training)).toMatchObject({
        verdict: "disputes",
        facts: "all 2 MLflow runs from notebooks or local scripts in 28 days, last 3 h ago (in churn)",
      });
      expect(
        verdictOf("automated_training", [...runs, train("repository_dispatch")], training)?.verdict,
      ).toBe("supports");
      expect(verdictOf("automated_training", [mlflowRun("NOTEBOOK", 5)], training)?.facts).toBe(
        "the one MLflow run from a notebook or a local script in 28 days, last 5 h ago (in churn)",
      );
    });

    it("retraining is supported by training runs started by repository_dispatch or an app, not a schedule", () => {
      expect(verdictOf("automated_retraining", [train("schedule")], training)).toBeNull();
      expect(verdictOf("automated_retraining", [train("workflow_dispatch")], training)).toBeNull();
      expect(
        verdictOf("automated_retraining", [train("workflow_dispatch", "automation")], training)?.facts,
      ).toBe(
        "1 training run started by an app or repository_dispatch in 28 days, last 2 h ago (in acme/web)",
      );
      expect(verdictOf("automated_retraining", [train("repository_dispatch")], training)?.verdict).toBe(
        "supports",
      );
    });

    it("experiment tracking: runs support; a polled experiment with no run disputes; never polled says nothing", () => {
      expect(verdictOf("experiment_tracking", [mlflowRun("LOCAL")], training)?.facts).toBe(
        "1 MLflow run in 28 days, last 2 h ago (in churn)",
      );
      expect(verdictOf("experiment_tracking", [], training)).toEqual({
        verdict: "disputes",
        source: "mlflow",
        facts: "no MLflow run in 28 days in churn",
        url: null,
      });
      const neverPolled = links({ experiments: [{ name: "churn", polledAt: null }] });
      expect(verdictOf("experiment_tracking", [], neverPolled)).toBeNull();
    });

    it("model versioning: versions of a linked registered model", () => {
      const version = signal(
        "model_version",
        { version: "7", stage: "None", aliases: "champion" },
        { subject: "churn-model" },
      );
      expect(verdictOf("model_versioning", [version])).toBeNull();
      expect(verdictOf("model_versioning", [version], links({ models: ["churn-model"] }))?.facts).toBe(
        "1 model version registered (latest: version 7) in 28 days, last 2 h ago (in churn-model)",
      );
    });
  });
});

describe("evidence and the level", () => {
  const answered = (met: CriterionId[], notApplicable: CriterionId[] = []) => ({
    met: new Set<CriterionId>([...met, ...notApplicable]),
    notApplicable: new Set(notApplicable),
  });
  const answer = answered(["automated_builds", "app_unit_tests", "automated_app_releases"]);
  const verdicts = evidenceFor([workflowRun({}), deployment({ creatorType: "person" })], links(), NOW);

  it("lists practices people say are in place that evidence disputes", () => {
    expect(disputedByEvidence(answer, verdicts)).toEqual(["automated_app_releases"]);
  });

  it("counts every answer under shown, and drops disputed practices under strict", () => {
    expect([...countedMet(answer, verdicts, "shown")]).toEqual([...answer.met]);
    expect([...countedMet(answer, verdicts, "strict")]).toEqual(["automated_builds", "app_unit_tests"]);
  });

  it("never disputes a practice the team says does not apply: it did not say it is in place", () => {
    const exempt = answered(["automated_builds", "app_unit_tests"], ["automated_app_releases"]);
    expect(disputedByEvidence(exempt, verdicts)).toEqual([]);
    expect([...countedMet(exempt, verdicts, "strict")]).toEqual([...exempt.met]);
    expect(disagreements(exempt, verdicts)).toEqual([]);
    expect(verification(exempt, 0, verdicts)).toMatchObject({ verified: ["automated_builds"], met: 2 });
  });

  it("says how many practices in place are verified, and whether the level is fully verified", () => {
    expect(verification(answer, 0, verdicts)).toEqual({
      verified: ["automated_builds"],
      met: 3,
      levelVerified: false,
    });
    const level1: CriterionId[] = [
      "automated_builds",
      "app_unit_tests",
      "automated_app_releases",
      "basic_integration_tests",
      "automated_data_pipeline",
      "scoring_script_versioned",
    ];
    expect(evaluate(new Set(level1)).level).toBe(1);
    const allSupported = evidenceFor(
      [
        workflowRun({}),
        signal("check_run", { name: "test", conclusion: "success", app: "x" }),
        deployment({}),
        signal("file", { path: "score.py", present: true }),
      ],
      links(),
      NOW,
    );
    expect(verification(answered(level1), 1, allSupported)).toMatchObject({ levelVerified: true });
    expect(verification(answered(level1), 1, verdicts).levelVerified).toBe(false);
    // A practice the team says does not apply needs no evidence for the level to be fully verified.
    const withoutScoring = evidenceFor(
      [
        workflowRun({}),
        signal("check_run", { name: "test", conclusion: "success", app: "x" }),
        deployment({}),
      ],
      links(),
      NOW,
    );
    const exempt = answered(
      level1.filter((id) => id !== "scoring_script_versioned"),
      ["scoring_script_versioned"],
    );
    expect(verification(answered(level1), 1, withoutScoring).levelVerified).toBe(false);
    expect(verification(exempt, 1, withoutScoring).levelVerified).toBe(true);
  });

  it("finds disagreements both ways: met but disputed, supported but not met", () => {
    expect(disagreements(answered(["automated_app_releases"]), verdicts)).toEqual([
      "automated_builds",
      "automated_app_releases",
    ]);
    expect(disagreements(answered(["automated_builds"]), verdicts)).toEqual([]);
  });
});

describe("practicesBehind (the evidence export's criterion and verdict)", () => {
  const behind = (s: EvidenceSignal, all: EvidenceSignal[], teamLinks = links()) =>
    practicesBehind(s, teamLinks, evidenceFor(all, teamLinks, NOW), NOW);

  it("names the practice a signal stands behind, with the team's verdict", () => {
    const run = workflowRun({ event: "push" });
    const manual = deployment({ creatorType: "person" });
    expect(behind(run, [run, manual])).toEqual([{ criterion: "automated_builds", verdict: "supports" }]);
    expect(behind(manual, [run, manual])).toEqual([
      { criterion: "automated_app_releases", verdict: "disputes" },
    ]);
  });

  it("names none for a push beside CI runs, an old signal, or a subject the team did not link", () => {
    const push = signal("push", { ref: "refs/heads/main", commits: 3, defaultBranch: true });
    const run = workflowRun({ event: "push" });
    expect(behind(push, [push])).toEqual([{ criterion: "automated_builds", verdict: "disputes" }]);
    expect(behind(push, [push, run])).toEqual([]);
    const old = workflowRun({ event: "push" }, { hoursAgo: 29 * 24 });
    expect(behind(old, [old])).toEqual([]);
    const elsewhere = workflowRun({ event: "push" }, { subject: "acme/other" });
    expect(behind(elsewhere, [elsewhere])).toEqual([]);
  });
});

describe("ago", () => {
  it.each([
    [0.5 / 60, "just now"],
    [0.25, "15 min ago"],
    [2, "2 h ago"],
    [49, "2 d ago"],
  ])("%s h reads as %s", (hours, text) => {
    expect(ago(hoursAgo(hours), NOW)).toBe(text);
  });
});
