// The few fields of GitHub's objects that evidence reads, parsed rather than trusted: a webhook body or a REST
// answer is outside input. A workflow run, a deployment and a deployment status have the same fields in a
// webhook delivery as in the REST API, so one schema serves both.
import { z } from "zod";

const actor = z.object({ type: z.string() }).nullish();
const app = z.object({ slug: z.string().nullish(), name: z.string().nullish() }).nullish();

export const repositorySchema = z.object({
  full_name: z.string(),
  html_url: z.string(),
  default_branch: z.string().nullish(),
});

export const workflowRunSchema = z.object({
  id: z.number(),
  run_attempt: z.number().nullish(),
  name: z.string().nullish(),
  path: z.string().nullish(),
  event: z.string(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  actor,
  triggering_actor: actor,
});
export type WorkflowRun = z.infer<typeof workflowRunSchema>;

export const deploymentSchema = z.object({
  id: z.number(),
  environment: z.string(),
  created_at: z.string(),
  creator: actor,
  performed_via_github_app: app,
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentStatusSchema = z.object({
  id: z.number(),
  state: z.string(),
  created_at: z.string(),
  target_url: z.string().nullish(),
  log_url: z.string().nullish(),
  environment_url: z.string().nullish(),
});
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const checkSuiteSchema = z.object({
  id: z.number(),
  head_branch: z.string().nullish(),
  head_sha: z.string(),
  conclusion: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  pull_requests: z.array(z.unknown()).nullish(),
  app,
});

export const checkRunSchema = z.object({
  id: z.number(),
  name: z.string(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  app,
});

export const pushSchema = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().nullish(),
  compare: z.string().nullish(),
  commits: z.array(z.unknown()),
  head_commit: z.object({ timestamp: z.string() }).nullish(),
  // A Unix time in seconds in push deliveries (an ISO string elsewhere).
  repository: repositorySchema.extend({ pushed_at: z.union([z.number(), z.string()]).nullish() }),
});

export const webhookSchemas = {
  workflow_run: z.object({
    workflow_run: workflowRunSchema,
    workflow: z.object({ path: z.string().nullish(), name: z.string().nullish() }).nullish(),
    repository: repositorySchema,
  }),
  check_suite: z.object({ check_suite: checkSuiteSchema, repository: repositorySchema }),
  check_run: z.object({ check_run: checkRunSchema, repository: repositorySchema }),
  deployment: z.object({ deployment: deploymentSchema, repository: repositorySchema }),
  deployment_status: z.object({
    deployment_status: deploymentStatusSchema,
    deployment: deploymentSchema,
    repository: repositorySchema,
  }),
  push: pushSchema,
};
