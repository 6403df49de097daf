// GitHub's side of the playground: the stand-in GitHub the bot reads as its App (installed on the demo
// teams' repositories), and the page's buttons, each a delivery GitHub would send: built from the team's link,
// signed with the webhook secret and posted to the bot's real /github/webhooks.
import { randomInt, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { linksOfTeam } from "../db/evidence.js";
import { findTeamByChannel } from "../db/teams.js";
import type { Deps } from "../deps.js";
import type { RepositoryLink } from "../domain/evidence.js";
import { FakeGitHub } from "../fake-github/server.js";
import { teamLinksOf } from "../services/team-evidence.js";
import { DEMO_LINKS, DEMO_WORKSPACE } from "./demo.js";
import {
  type DeliveryFacts,
  type DemoDeliveryKind,
  manualDeploymentSucceeded,
  workflowRunCompleted,
} from "./github-payloads.js";
import { PlaygroundError } from "./session.js";

export type { DemoDeliveryKind } from "./github-payloads.js";
export const DELIVERY_KINDS: readonly DemoDeliveryKind[] = ["ci", "deploy", "training"];

const CI_WORKFLOW = { name: "CI", path: ".github/workflows/ci.yml" };
/** What a scheduled run names when the team's link names no training workflow. */
const USUAL_TRAINING_WORKFLOW = ".github/workflows/train.yml";

/** The stand-in GitHub with the App installed on every demo repository, and a scoring script in one. */
export async function startDemoGithub(): Promise<FakeGitHub> {
  const github = await new FakeGitHub().start();
  const repositories = DEMO_LINKS.flatMap((l) =>
    l.target.subjectKind === "repository" ? [l.target.repository] : [],
  );
  github.state.install("demo-org", repositories);
  const recommendations = github.state.repository("demo-org/recommendations");
  recommendations.files.set("score/predict.py", "def score(features): ...\n");
  recommendations.files.set("tests/test_score.py", "def test_score(): ...\n");
  return github;
}

/** The bot's GitHub settings in the playground: the stand-in's App, and a webhook secret of the playground's own. */
export function demoGithubEnv(github: FakeGitHub, webhookSecret: string): Record<string, string> {
  return {
    GITHUB_APP_ID: String(github.app.id),
    GITHUB_APP_PRIVATE_KEY: github.app.privateKey,
    GITHUB_WEBHOOK_SECRET: webhookSecret,
    GITHUB_API_URL: github.apiUrl,
  };
}

export interface DeliveryRequest {
  readonly kind: DemoDeliveryKind;
  readonly channelId: string;
  /** The GitHub login of the person clicking (who pushed, or deployed by hand). */
  readonly login: string;
}

export interface WebhookEndpoint {
  /** The bot's /github/webhooks. */
  readonly url: string;
  readonly secret: string;
}

interface Delivery {
  readonly event: string;
  readonly payload: Record<string, unknown>;
  /** What was sent, as the notice says it. */
  readonly said: string;
}

/** Sends one button's delivery for the team of `channelId`; the sentence the page shows. */
export async function sendDemoDelivery(
  deps: Deps,
  github: FakeGitHub,
  endpoint: WebhookEndpoint,
  request: DeliveryRequest,
): Promise<string> {
  const repositories = await linkedRepositories(deps, request.channelId);
  const link =
    (request.kind === "training" ? repositories.find((r) => r.trainingWorkflow) : undefined) ??
    repositories[0];
  if (!link)
    throw new PlaygroundError(
      "No GitHub repository is linked to this channel's team: link one with /mlops link github demo-org/<repo>, then click again.",
    );
  const facts: DeliveryFacts = {
    repository: {
      fullName: link.repository,
      defaultBranch: github.state.repositories.get(link.repository)?.defaultBranch ?? "main",
      installationId: github.state.installationOf(link.repository)?.id ?? 0,
    },
    login: request.login,
    now: deps.clock(),
    id: randomInt(100_000_000, 2_000_000_000),
  };
  const delivery = deliveryOf(request.kind, facts, link);
  const answer = await post(endpoint, delivery);
  return `Sent GitHub's ${delivery.event} webhook, signed, to the bot's /github/webhooks: ${delivery.said}. The bot answered ${answer}. Type /mlops status here to see the evidence.`;
}

async function linkedRepositories(deps: Deps, channelId: string): Promise<readonly RepositoryLink[]> {
  const team = await findTeamByChannel(deps.db, DEMO_WORKSPACE, channelId);
  if (!team)
    throw new PlaygroundError(
      "This conversation is not an ML team's channel: open one (such as #churn-model), then click again.",
    );
  return teamLinksOf(await linksOfTeam(deps.db, team.id)).repositories;
}

function deliveryOf(kind: DemoDeliveryKind, facts: DeliveryFacts, link: RepositoryLink): Delivery {
  const repo = link.repository;
  if (kind === "deploy")
    return {
      event: "deployment_status",
      payload: manualDeploymentSucceeded({ ...facts, environment: link.deployEnvironment }),
      said: `${facts.login} deployed ${repo} to ${link.deployEnvironment} by hand, and it succeeded`,
    };
  if (kind === "ci")
    return {
      event: "workflow_run",
      payload: workflowRunCompleted({ ...facts, workflow: CI_WORKFLOW, event: "push" }),
      said: `the ${CI_WORKFLOW.name} workflow passed on a push to ${facts.repository.defaultBranch} of ${repo}`,
    };
  const path = link.trainingWorkflow ?? USUAL_TRAINING_WORKFLOW;
  const unnamed = link.trainingWorkflow
    ? ""
    : ` (the team's link names no training workflow, so no practice counts it: link with --training-workflow ${path})`;
  return {
    event: "workflow_run",
    payload: workflowRunCompleted({ ...facts, workflow: { name: "Train model", path }, event: "schedule" }),
    said: `${path} ran on its schedule in ${repo} and passed${unnamed}`,
  };
}

/** POSTs the delivery as GitHub does; the bot's answer in words ("200: 1 signal stored"). */
async function post(endpoint: WebhookEndpoint, delivery: Delivery): Promise<string> {
  const body = JSON.stringify(delivery.payload);
  const res = await fetch(endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/playground",
      "x-github-event": delivery.event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(endpoint.secret, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return `${res.status}: ${answerInWords(answer)}`;
}

function answerInWords(answer: Record<string, unknown>): string {
  if (answer.outcome === "stored") {
    const signals = Number(answer.signals ?? 0);
    return signals === 1 ? "1 signal stored" : `${signals} signals stored`;
  }
  if (answer.outcome === "seen") return "it had this delivery already, so nothing new was stored";
  if (answer.outcome === "unlinked") return "no team linked that repository, so nothing was stored";
  return typeof answer.error === "string" ? answer.error : "no answer it could read";
}
