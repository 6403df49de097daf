import { describe, expect, it } from "vitest";
import { signalsFromWebhook } from "../../../src/evidence/github/signals.js";
import { githubExample, githubExampleFor } from "../../support/github-examples.js";

const only = (event: string, payload: unknown) => {
  const signals = signalsFromWebhook(event, payload);
  expect(signals).toHaveLength(1);
  return signals[0] as NonNullable<(typeof signals)[0]>;
};

describe("workflow_run deliveries", () => {
  it("give one run attempt with its event, outcome, workflow file and who started it", () => {
    const s = only("workflow_run", githubExample("workflow_run", 0, "completed"));
    expect(s).toMatchObject({ source: "github", kind: "workflow_run", subjectKind: "repository" });
    expect(s.subject).toBe("codertocat/hello-world");
    expect(s.externalId).toBe("1589141559:1");
    expect(s.url).toBe("https://github.com/octo-org/octo-repo/actions/runs/1589141559");
    expect(s.occurredAt.toISOString()).toBe("2021-12-16T19:37:22.000Z");
    // This example's run names no path: the workflow beside it does.
    expect(s.facts).toEqual({
      event: "workflow_dispatch",
      status: "queued",
      conclusion: null,
      workflowPath: ".github/workflows/syntax.yml",
      workflowName: "Manually triggered workflow",
      actorType: "person",
    });
  });

  it("count a repository_dispatch run as automation even though GitHub names a person as its actor", () => {
    const payload = githubExample("workflow_run", 1, "completed");
    const s = only("workflow_run", payload);
    expect((payload.workflow_run as { actor: { type: string } }).actor.type).toBe("User");
    expect(s.facts).toMatchObject({
      event: "repository_dispatch",
      conclusion: "success",
      workflowPath: ".github/workflows/test.yml",
      actorType: "automation",
    });
  });

  it("tell a push by a person from a run started by a bot or on a schedule", () => {
    const run = (event: string, actorType: string) => {
      const payload = githubExample("workflow_run", 1, "completed");
      const wr = payload.workflow_run as Record<string, unknown>;
      Object.assign(wr, { event, actor: { type: actorType }, triggering_actor: { type: actorType } });
      return only("workflow_run", payload).facts.actorType;
    };
    expect(run("push", "User")).toBe("person");
    expect(run("push", "Bot")).toBe("automation");
    expect(run("schedule", "User")).toBe("automation");
  });

  it("keep one id for a run requested then completed, the completion being the newer", () => {
    const requested = only("workflow_run", githubExample("workflow_run", 0, "requested"));
    const completed = only("workflow_run", githubExample("workflow_run", 1, "completed"));
    expect(requested.externalId).toBe(completed.externalId);
    expect(requested.facts.conclusion).toBeNull();
    expect(completed.occurredAt.getTime()).toBeGreaterThan(requested.occurredAt.getTime());
  });

  it("take the repository from the delivery, lower-cased, after adapting the example", () => {
    const s = only("workflow_run", githubExampleFor("Acme-ML/Churn-Model", "workflow_run", 1, "completed"));
    expect(s.subject).toBe("acme-ml/churn-model");
  });
});

describe("check deliveries", () => {
  it("say whether a check suite came from a pull request or a push, and which app ran it", () => {
    const fromPr = only("check_suite", githubExample("check_suite", 0, "completed"));
    expect(fromPr.externalId).toBe("118578147");
    expect(fromPr.facts).toEqual({ event: "pull_request", conclusion: "success", app: "octocoders-linter" });
    expect(fromPr.url).toBe(
      "https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/checks?check_suite_id=118578147",
    );
    const fromPush = only("check_suite", githubExample("check_suite", 1, "completed"));
    expect(fromPush.facts).toEqual({ event: "push", conclusion: "success", app: "github-actions" });
    expect(only("check_suite", githubExample("check_suite", 0, "requested")).facts.conclusion).toBeNull();
  });

  it("give a check run its name, outcome and app", () => {
    const s = only("check_run", githubExample("check_run", 0, "completed"));
    expect(s.externalId).toBe("128620228");
    expect(s.url).toBe("https://github.com/Codertocat/Hello-World/runs/128620228");
    expect(s.facts).toEqual({ name: "Octocoders-linter", conclusion: "failure", app: "github-actions" });
  });
});

describe("deployment deliveries", () => {
  it("give a new deployment by a person as pending, linked to the repository's deployments", () => {
    const s = only("deployment", githubExample("deployment", 0));
    expect(s).toMatchObject({
      kind: "deployment",
      subject: "codertocat/hello-world",
      externalId: "145988746",
    });
    expect(s.url).toBe("https://github.com/Codertocat/Hello-World/deployments");
    expect(s.facts).toEqual({ environment: "production", state: "pending", creatorType: "person" });
  });

  it("give a deployment's status the same id, its state, and the creator of the deployment", () => {
    const byPerson = only("deployment_status", githubExample("deployment_status", 0));
    expect(byPerson.externalId).toBe(only("deployment", githubExample("deployment", 0)).externalId);
    expect(byPerson.occurredAt.toISOString()).toBe("2019-05-15T15:20:55.000Z");
    expect(byPerson.facts).toEqual({ environment: "production", state: "success", creatorType: "person" });
    const byWorkflow = only("deployment_status", githubExample("deployment_status", 1));
    expect(byWorkflow.facts).toEqual({
      environment: "github-pages",
      state: "in_progress",
      creatorType: "automation",
    });
    expect(byWorkflow.url).toBe(
      "https://github.com/CorsixTH/CorsixTH/runs/4687056418?check_suite_focus=true",
    );
  });

  it("count a deployment made through a GitHub App as automation", () => {
    const payload = githubExample("deployment_status", 0);
    Object.assign(payload.deployment as object, { performed_via_github_app: { slug: "release-bot" } });
    expect(only("deployment_status", payload).facts.creatorType).toBe("automation");
  });
});

describe("push deliveries", () => {
  it("count the commits pushed and whether they went to the default branch", () => {
    const toMaster = githubExample("push", 4);
    const s = only("push", toMaster);
    expect(s.externalId).toBe("refs/heads/master@6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    expect(s.occurredAt.toISOString()).toBe("2019-05-15T15:20:57.000Z"); // pushed_at, in seconds
    expect(s.facts).toEqual({ ref: "refs/heads/master", commits: 1, defaultBranch: true });
    expect(only("push", githubExample("push", 0)).facts).toEqual({
      ref: "refs/tags/simple-tag",
      commits: 0,
      defaultBranch: false,
    });
  });

  it("give nothing for a deleted branch or tag", () => {
    expect(signalsFromWebhook("push", githubExample("push", 1))).toEqual([]);
  });
});

describe("other deliveries", () => {
  it("give no signal for events without evidence, nor for a body that is not GitHub's shape", () => {
    expect(signalsFromWebhook("installation", githubExample("installation", 1))).toEqual([]);
    expect(signalsFromWebhook("ping", { zen: "Keep it logically awesome." })).toEqual([]);
    expect(signalsFromWebhook("workflow_run", { workflow_run: { id: "not a number" } })).toEqual([]);
    expect(signalsFromWebhook("constructor", {})).toEqual([]);
  });
});
