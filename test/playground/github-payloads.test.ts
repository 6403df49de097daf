// The playground's GitHub buttons send what GitHub sends: every field of their payloads is one GitHub's own
// examples (@octokit/webhooks-examples) have at the same place, with a value of the same type, and the bot
// reads the same kind of signal from them.
import { describe, expect, it } from "vitest";
import { signalsFromWebhook } from "../../src/evidence/github/signals.js";
import {
  type DeliveryFacts,
  manualDeploymentSucceeded,
  workflowRunCompleted,
} from "../../src/playground/github-payloads.js";
import { githubExample } from "../support/github-examples.js";

const facts: DeliveryFacts = {
  repository: { fullName: "demo-org/churn-model", defaultBranch: "main", installationId: 1001 },
  login: "amara",
  now: new Date("2026-12-02T14:00:00Z"),
  id: 123_456_789,
};

type Shape = Map<string, Set<string>>;

/** Every path in a payload ("workflow_run.actor.login"; "[]" for list items) with the types found there. */
function shapeOf(value: unknown, path = "", into: Shape = new Map()): Shape {
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  if (path !== "") into.set(path, (into.get(path) ?? new Set()).add(type));
  if (Array.isArray(value)) for (const item of value) shapeOf(item, `${path}[]`, into);
  else if (type === "object")
    for (const [key, inner] of Object.entries(value as object))
      shapeOf(inner, path ? `${path}.${key}` : key, into);
  return into;
}

/** The shape of every example GitHub gives of the event, together. */
function examplesShape(event: string): Shape {
  const shape: Shape = new Map();
  for (let i = 0; ; i++) {
    let example: unknown;
    try {
      example = githubExample(event, i);
    } catch {
      return shape;
    }
    shapeOf(example, "", shape);
  }
}

/** GitHub names the App's installation in every delivery to an App; the examples of some events predate that. */
const APP_FIELDS = new Set(["installation", "installation.id", "installation.node_id"]);

/** Paths GitHub's examples lack, or where they hold another type: "path (string; GitHub: number)". */
function unlikeGithub(payload: unknown, event: string): string[] {
  const github = examplesShape(event);
  return [...shapeOf(payload)].flatMap(([path, types]) => {
    const theirs = github.get(path);
    if (APP_FIELDS.has(path)) return [];
    if (!theirs) return [`${path} (GitHub's examples have no such field)`];
    const foreign = [...types].filter((t) => !theirs.has(t) && !(t === "null" || theirs.has("null")));
    return foreign.length ? [`${path} (${foreign.join()}; GitHub: ${[...theirs].join()})`] : [];
  });
}

const kindsOf = (event: string, payload: unknown) => signalsFromWebhook(event, payload).map((s) => s.kind);

describe("the playground's GitHub payloads", () => {
  it("a CI run or a scheduled training run: a workflow_run as GitHub's examples have it", () => {
    for (const event of ["push", "schedule"] as const) {
      const payload = workflowRunCompleted({
        ...facts,
        workflow: { name: "CI", path: ".github/ci.yml" },
        event,
      });
      expect(unlikeGithub(payload, "workflow_run")).toEqual([]);
      expect(kindsOf("workflow_run", payload)).toEqual(
        kindsOf("workflow_run", githubExample("workflow_run", 1)),
      );
    }
  });

  it("a manual deploy: a deployment_status as GitHub's examples have it", () => {
    const payload = manualDeploymentSucceeded({ ...facts, environment: "production" });
    expect(unlikeGithub(payload, "deployment_status")).toEqual([]);
    expect(kindsOf("deployment_status", payload)).toEqual(
      kindsOf("deployment_status", githubExample("deployment_status", 0)),
    );
  });

  it("is stamped with the playground's clock, not the computer's", () => {
    const payload = workflowRunCompleted({
      ...facts,
      workflow: { name: "CI", path: ".github/ci.yml" },
      event: "push",
    });
    const [signal] = signalsFromWebhook("workflow_run", payload);
    expect(signal?.occurredAt.toISOString()).toBe("2026-12-02T14:00:00.000Z");
  });
});
