// A team's evidence as every view reads it: its links, the verdicts of the last 28 days' signals, and the
// workspace's policy, read in one round trip (status reads it on every command).
import { evidencePolicy, lastSignalAt, setEvidencePolicy, teamEvidenceRows } from "../db/evidence.js";
import { loadMlflowSources, type MlflowSourceState } from "../db/mlflow.js";
import type { EvidenceLink } from "../db/schema.js";
import { findTeamByChannel } from "../db/teams.js";
import {
  DEFAULT_DEPLOY_ENVIRONMENT,
  EVIDENCE_WINDOW_DAYS,
  type EvidencePolicy,
  type EvidenceVerdicts,
  evidenceFor,
  type PracticeEvidence,
  type TeamLinks,
} from "../domain/evidence.js";
import { CRITERION_IDS } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permissionFrom } from "./directory.js";
import { lookUpTeam, mapFound, type TeamQuery, type TeamReference } from "./team-lookup.js";

export interface TeamEvidence {
  readonly policy: EvidencePolicy;
  readonly links: readonly EvidenceLink[];
  /** What the MLflow poller knows of the workspace's experiments and models (stale ones among them). */
  readonly sources: readonly MlflowSourceState[];
  readonly verdicts: EvidenceVerdicts;
}

const WINDOW_MS = EVIDENCE_WINDOW_DAYS * 86_400_000;

/** The team's evidence at the context's now; null when it linked nothing (no evidence to show). */
export async function loadTeamEvidence(
  ctx: ServiceContext,
  teamId: string,
  mlTeamId: number,
): Promise<TeamEvidence | null> {
  const now = ctx.clock();
  const { links, policy, signals } = await teamEvidenceRows(
    ctx.db,
    teamId,
    mlTeamId,
    new Date(now.getTime() - WINDOW_MS),
  );
  if (links.length === 0) return null;
  const sources = links.some((l) => l.subject_kind !== "repository")
    ? await loadMlflowSources(ctx.db, teamId)
    : [];
  return { policy, links, sources, verdicts: evidenceFor(signals, teamLinksOf(links, sources), now) };
}

/** The stored links as the pure rules read them. */
export function teamLinksOf(
  links: readonly EvidenceLink[],
  sources: readonly MlflowSourceState[] = [],
): TeamLinks {
  // An experiment MLflow answered for on its latest poll; a stale or never polled one proves nothing by absence.
  const polledAt = (name: string) => {
    const source = sources.find((s) => s.kind === "experiment" && s.name === name);
    return source && source.staleSince === null ? source.lastPolledAt : null;
  };
  return {
    repositories: links
      .filter((l) => l.subject_kind === "repository")
      .map((l) => ({
        repository: l.subject,
        model: l.model,
        trainingWorkflow: l.training_workflow,
        deployEnvironment: l.deploy_environment ?? DEFAULT_DEPLOY_ENVIRONMENT,
        scoringPath: l.scoring_path,
      })),
    // Until MLflow says it has answered for an experiment, no run seen there proves nothing.
    experiments: links
      .filter((l) => l.subject_kind === "experiment")
      .map((l) => ({ name: l.subject, polledAt: polledAt(l.subject) })),
    models: links.filter((l) => l.subject_kind === "model").map((l) => l.subject),
  };
}

/** `/mlops evidence`: the team's links with the last event from each, and each practice's verdict. */
export interface EvidenceReport {
  readonly team: { readonly name: string; readonly channelId: string };
  readonly policy: EvidencePolicy;
  /** Whether the GitHub App is configured (repositories can be linked and webhooks arrive). */
  readonly githubOn: boolean;
  readonly links: readonly {
    readonly kind: EvidenceLink["subject_kind"];
    readonly subject: string;
    readonly options: string[];
    /** The newest signal from it, null when none arrived yet. */
    readonly lastEventAt: Date | null;
  }[];
  readonly verdicts: readonly PracticeEvidence[];
  /** Sources that failed to answer, with since when (MLflow servers for now). */
  readonly stale: readonly { readonly source: string; readonly since: Date }[];
  readonly now: Date;
}

export async function evidenceReport(
  ctx: ServiceContext,
  teamId: string,
  query: TeamQuery,
  githubOn: boolean,
): Promise<TeamReference<EvidenceReport>> {
  const reference = await lookUpTeam(ctx.db, teamId, query, findTeamByChannel);
  return mapFound(reference, async (team) => {
    const evidence = await loadTeamEvidence(ctx, teamId, team.id);
    const links = evidence?.links ?? [];
    const last = await lastSignalAt(
      ctx.db,
      teamId,
      links.map((l) => l.subject),
    );
    return {
      team: { name: team.name, channelId: team.channel_id },
      policy: evidence?.policy ?? (await evidencePolicy(ctx.db, teamId)),
      githubOn,
      links: links.map((l) => ({
        kind: l.subject_kind,
        subject: l.subject,
        options: linkOptions(l),
        lastEventAt: last.get(l.subject) ?? null,
      })),
      verdicts: CRITERION_IDS.flatMap((id) => {
        const verdict = evidence?.verdicts.get(id);
        return verdict ? [verdict] : [];
      }),
      stale: staleSources(links, evidence?.sources ?? []),
      now: ctx.clock(),
    };
  });
}

/** The team's linked experiments and models whose MLflow polls fail, with since when. */
function staleSources(links: readonly EvidenceLink[], sources: readonly MlflowSourceState[]) {
  return sources.flatMap((s) =>
    s.staleSince !== null && links.some((l) => l.subject_kind === s.kind && l.subject === s.name)
      ? [{ source: `MLflow ${s.kind} ${s.name}`, since: s.staleSince }]
      : [],
  );
}

/** A repository link's options as typed: `--model`, `--training-workflow .github/workflows/train.yml`. */
function linkOptions(link: EvidenceLink): string[] {
  return [
    ...(link.model ? ["--model"] : []),
    ...(link.training_workflow ? [`--training-workflow ${link.training_workflow}`] : []),
    ...(link.deploy_environment ? [`--deploy-environment ${link.deploy_environment}`] : []),
    ...(link.scoring_path ? [`--scoring-path ${link.scoring_path}`] : []),
  ];
}

export type PolicyOutcome =
  | { readonly kind: "set"; readonly policy: EvidencePolicy; readonly changed: boolean }
  | { readonly kind: "refused" }
  | { readonly kind: "unverified"; readonly error: string };

/** `/mlops evidence policy strict|shown`: workspace admins and owners only. */
export async function setWorkspacePolicy(
  ctx: ServiceContext,
  directory: Directory,
  request: { readonly teamId: string; readonly userId: string; readonly policy: EvidencePolicy },
): Promise<PolicyOutcome> {
  const allowed = permissionFrom(request.userId, [], await directory.lookUp(request.userId));
  if (allowed.kind !== "allowed") return allowed;
  const before = await evidencePolicy(ctx.db, request.teamId);
  await setEvidencePolicy(ctx.db, request.teamId, request.policy);
  return { kind: "set", policy: request.policy, changed: before !== request.policy };
}
