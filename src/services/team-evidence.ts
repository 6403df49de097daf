// A team's evidence as every view reads it: its links, the verdicts of the last 28 days' signals, and the
// workspace's policy, read in one round trip (status reads it on every command).
import {
  evidencePolicies,
  evidencePolicy,
  lastSignalAt,
  linksOfTeams,
  setEvidencePolicy,
  signalsOfSubjects,
  type TeamEvidenceRows,
  teamEvidenceRows,
} from "../db/evidence.js";
import { loadMlflowSources, type MlflowSourceState, mlflowSourcesOf } from "../db/mlflow.js";
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
import { type VerdictsAt, verdictsOver } from "../domain/evidence-rounds.js";
import type { EvidenceSignal } from "../domain/evidence-signal.js";
import { groupBy } from "../domain/group-by.js";
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
  const rows = await teamEvidenceRows(ctx.db, teamId, mlTeamId, evidenceSince(ctx.clock()));
  return teamEvidenceOf(ctx, teamId, rows);
}

/** Where the evidence window of `now` begins. */
export function evidenceSince(now: Date): Date {
  return new Date(now.getTime() - WINDOW_MS);
}

/** The evidence the rows (read since evidenceSince of the context's now) show; null without links. */
export async function teamEvidenceOf(
  ctx: ServiceContext,
  teamId: string,
  { links, policy, signals }: TeamEvidenceRows,
): Promise<TeamEvidence | null> {
  if (links.length === 0) return null;
  // Only a team that linked an experiment or a model has MLflow sources to read.
  const sources = links.some((l) => l.subject_kind !== "repository")
    ? await loadMlflowSources(ctx.db, teamId)
    : [];
  return { policy, links, sources, verdicts: evidenceFor(signals, teamLinksOf(links, sources), ctx.clock()) };
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

/** A team's evidence at any instant of a period read once (digests and history judge closed rounds). */
export interface EvidenceOverTime {
  readonly policy: EvidencePolicy;
  /** The verdicts at an instant, from the links the team had made by then; null when it had made none. */
  readonly verdictsAt: VerdictsAt;
  /** The verdicts at `now` from every link the team has, as `/mlops status` judges them. */
  readonly current: (now: Date) => EvidenceVerdicts;
}

/** Verdicts at any instant from the team's link rows, its workspace's MLflow sources and the period's signals. */
export function evidenceOverTime(
  links: readonly EvidenceLink[],
  sources: readonly MlflowSourceState[],
  signals: readonly EvidenceSignal[],
  policy: EvidencePolicy,
): EvidenceOverTime {
  return {
    policy,
    verdictsAt: verdictsFrom(links, sources, signals),
    current: (now) => evidenceFor(signals, teamLinksOf(links, sources), now),
  };
}

/** Verdicts at any instant, judged on the links made by then (a subject not yet linked was not watched). */
export function verdictsFrom(
  links: readonly EvidenceLink[],
  sources: readonly MlflowSourceState[],
  signals: readonly EvidenceSignal[],
): VerdictsAt {
  const linksAt = (at: Date) =>
    teamLinksOf(
      links.filter((l) => l.created_at <= at),
      sources,
    );
  return verdictsOver(signals, linksAt);
}

/**
 * For lists of teams (the tick's digests, a slice of up to 500 teams): each team's evidence at any instant
 * from `since` + 28 days on, in at most four queries whatever the number of teams; null for a team that
 * linked nothing.
 */
export async function loadEvidenceOfTeams(
  db: ServiceContext["db"],
  teams: readonly { readonly id: number; readonly teamId: string }[],
  since: Date,
): Promise<(mlTeamId: number) => EvidenceOverTime | null> {
  const links = await linksOfTeams(db, [...new Set(teams.map((t) => t.id))]);
  if (links.length === 0) return () => null;
  const workspaces = [...new Set(links.map((l) => l.team_id))];
  const subjects = links.map((l) => ({ teamId: l.team_id, kind: l.subject_kind, subject: l.subject }));
  const [signals, policies, sources] = await Promise.all([
    signalsOfSubjects(db, subjects, new Date(since.getTime() - WINDOW_MS)),
    evidencePolicies(db, workspaces),
    links.some((l) => l.subject_kind !== "repository") ? mlflowSourcesOf(db, workspaces) : new Map(),
  ]);
  const signalsBy = groupBy(signals, (s) => s.teamId);
  const linksBy = groupBy(links, (l) => String(l.ml_team_id));
  const byTeam = new Map(
    [...linksBy].map(([id, rows]) => {
      const workspace = rows[0]?.team_id ?? "";
      const over = evidenceOverTime(
        rows,
        sources.get(workspace) ?? [],
        signalsBy.get(workspace) ?? [],
        policies.get(workspace) ?? "shown",
      );
      return [id, over] as const;
    }),
  );
  return (mlTeamId) => byTeam.get(String(mlTeamId)) ?? null;
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
  /** Linked experiments and models whose MLflow polls fail, with since when and why. */
  readonly stale: readonly {
    readonly kind: "experiment" | "model";
    readonly name: string;
    readonly since: Date;
    readonly reason: string | null;
  }[];
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

/** The team's linked experiments and models whose MLflow polls fail, with since when and why. */
function staleSources(links: readonly EvidenceLink[], sources: readonly MlflowSourceState[]) {
  return sources.flatMap((s) =>
    s.staleSince !== null && links.some((l) => l.subject_kind === s.kind && l.subject === s.name)
      ? [{ kind: s.kind, name: s.name, since: s.staleSince, reason: s.staleReason }]
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
/** The workspace's evidence policy (shown until an admin chose strict). */
export function workspacePolicy(ctx: ServiceContext, teamId: string): Promise<EvidencePolicy> {
  return evidencePolicy(ctx.db, teamId);
}

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
