// Linking a team to its systems (`/mlops link …`, `/mlops unlink …`): who may (like pause: the team's
// respondents, its creator, workspace admins), whether the GitHub App can read the repository, and the
// 28-day backfill that follows a new link (run after the reply, never before it).
import {
  isGithubAccountAllowed,
  type LinkChange,
  linkSubject,
  storeSignals,
  unlinkSubject,
} from "../db/evidence.js";
import { pollMlflowSourceNext } from "../db/mlflow.js";
import { listRespondents } from "../db/respondents.js";
import { findTeamByChannel } from "../db/teams.js";
import { DEFAULT_DEPLOY_ENVIRONMENT, EVIDENCE_WINDOW_DAYS, type RepositoryLink } from "../domain/evidence.js";
import type { EvidenceSignal, SubjectKind } from "../domain/evidence-signal.js";
import { GitHubUnavailable } from "../evidence/github/repositories.js";
import type { ServiceContext } from "./context.js";
import { type Directory, permission, type Refusal } from "./directory.js";

/** What the bot asks GitHub about a repository, through the GitHub App (src/evidence/github/). */
export interface GithubRepositories {
  /** Whether the App is installed on `owner/repo`, or the link that installs it. Throws when GitHub fails. */
  installation(repository: string): Promise<{ installed: true } | { installed: false; installUrl: string }>;
  /** The repository's workflow runs, deployments and file checks since `since`, as signals. */
  backfill(link: RepositoryLink, since: Date): Promise<EvidenceSignal[]>;
  /** Whether the scoring script and its tests are on the default branch now, as file signals. */
  scoringFiles(link: Pick<RepositoryLink, "repository" | "scoringPath">): Promise<EvidenceSignal[]>;
}

/** Whether a workspace's MLflow has a name (src/services/mlflow-names.ts). */
export interface MlflowNames {
  lookUp(teamId: string, kind: "experiment" | "model", name: string): Promise<MlflowLookup>;
}

/** "off": the workspace has no tracking server; "unknown": it could not be asked just now, and why. */
export type MlflowLookup =
  | { readonly kind: "found" | "missing" | "off" }
  | { readonly kind: "unknown"; readonly reason: string };

/** The systems a link is checked against; no GitHub means evidence from it is off. */
export interface LinkedSystems {
  readonly github?: GithubRepositories;
  readonly mlflow: MlflowNames;
  /**
   * True when one GitHub App serves many workspaces (OAuth mode): a workspace then links only repositories of
   * the GitHub accounts an operator allowed it (`evidence github --workspace … --account …`).
   */
  readonly githubAccountsBound?: boolean;
}

/** What a person links: a repository with its options, or an MLflow experiment or registered model. */
export type LinkTarget =
  | ({ readonly subjectKind: "repository" } & Omit<RepositoryLink, "deployEnvironment"> & {
        readonly deployEnvironment: string | null;
      })
  | { readonly subjectKind: "experiment" | "model"; readonly name: string };

export interface LinkRequest {
  readonly teamId: string;
  /** The team's channel: where the command ran, or the one after `for`. */
  readonly channelId: string;
  readonly mentioned: boolean;
  readonly userId: string;
  readonly target: LinkTarget;
}

export type LinkOutcome =
  | { readonly kind: "github-off" | "mlflow-off" }
  | {
      readonly kind: "mlflow-missing";
      readonly subjectKind: "experiment" | "model";
      readonly subject: string;
    }
  | { readonly kind: "no-team"; readonly channelId: string; readonly mentioned: boolean }
  | { readonly kind: "refused"; readonly teamName: string; readonly refusal: Refusal }
  | { readonly kind: "not-installed"; readonly subject: string; readonly installUrl: string }
  | {
      readonly kind: "github-account-not-allowed";
      readonly teamId: string;
      readonly subject: string;
      readonly account: string;
    }
  | {
      readonly kind: "github-failed";
      readonly subject: string;
      /** Why, when GitHub refused the App's own credentials (asking again will not help); null otherwise. */
      readonly appRefused: string | null;
    }
  | {
      readonly kind: "linked";
      readonly teamName: string;
      readonly channelId: string;
      readonly subjectKind: SubjectKind;
      readonly subject: string;
      /** Linked now; linked already with other options (now the ones given); or linked already as given. */
      readonly change: LinkChange;
      /** The repository to backfill after replying; null for MLflow (its poller reads it). */
      readonly backfill: RepositoryLink | null;
      /** Why MLflow could not be asked whether the name exists; null when it was, or for a repository. */
      readonly unchecked: string | null;
    }
  | { readonly kind: "unlinked" | "not-linked"; readonly teamName: string; readonly subject: string };

/**
 * How long the link waits for GitHub to say whether its App is installed: the reply must reach Slack within 3 s,
 * and the link's write still needs some of the request's 1.2 s of database time after it. A late "installed" is
 * not lost: the client keeps it, so asking again a moment later is answered at once.
 */
const GITHUB_ANSWER_MS = 600;

/** `answer`, or null once `ms` have passed without it. */
function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

const subjectOf = (target: LinkTarget): string =>
  target.subjectKind === "repository" ? target.repository.toLowerCase() : target.name;

export async function linkToTeam(
  ctx: ServiceContext & LinkedSystems,
  directory: Directory,
  request: LinkRequest,
): Promise<LinkOutcome> {
  const { target } = request;
  const { github } = ctx;
  if (target.subjectKind === "repository" && !github) return { kind: "github-off" };
  const team = await allowedTeam(ctx, directory, request);
  if (team.kind !== "allowed") return team.outcome;
  const subject = subjectOf(target);
  if (target.subjectKind === "repository" && github) {
    const account = subject.split("/")[0] ?? "";
    if (ctx.githubAccountsBound && !(await isGithubAccountAllowed(ctx.db, request.teamId, account)))
      return { kind: "github-account-not-allowed", teamId: request.teamId, subject, account };
    const installed = await answerWithin(github.installation(subject), GITHUB_ANSWER_MS).catch(
      (err: unknown) => (err instanceof GitHubUnavailable ? err : null),
    );
    if (installed === null || installed instanceof GitHubUnavailable) {
      const { failure } = installed ?? {};
      const appRefused = failure?.kind === "unavailable" && failure.appRefused ? failure.reason : null;
      return { kind: "github-failed", subject, appRefused };
    }
    if (!installed.installed) return { kind: "not-installed", subject, installUrl: installed.installUrl };
  }
  const lookup =
    target.subjectKind === "repository"
      ? null
      : await ctx.mlflow.lookUp(request.teamId, target.subjectKind, subject);
  if (lookup?.kind === "off") return { kind: "mlflow-off" };
  if (lookup?.kind === "missing" && target.subjectKind !== "repository")
    return { kind: "mlflow-missing", subjectKind: target.subjectKind, subject };
  const repository = target.subjectKind === "repository" ? { ...target, repository: subject } : null;
  const change = await linkSubject(ctx.db, {
    mlTeamId: team.id,
    teamId: request.teamId,
    subjectKind: target.subjectKind,
    subject,
    linkedBy: request.userId,
    ...(repository ?? {}),
  });
  // The reply promises what MLflow says "after the next poll": a source polled (or failing) within the last
  // 15 minutes, another team's or before a fix, is read again at the next tick rather than at its turn.
  if (target.subjectKind !== "repository")
    await pollMlflowSourceNext(ctx.db, request.teamId, target.subjectKind, subject);
  return {
    kind: "linked",
    teamName: team.name,
    channelId: team.channelId,
    subjectKind: target.subjectKind,
    subject,
    change,
    backfill: repository && {
      ...repository,
      deployEnvironment: repository.deployEnvironment ?? DEFAULT_DEPLOY_ENVIRONMENT,
    },
    unchecked: lookup?.kind === "unknown" ? lookup.reason : null,
  };
}

export async function unlinkFromTeam(
  ctx: ServiceContext,
  directory: Directory,
  request: LinkRequest,
): Promise<LinkOutcome> {
  const team = await allowedTeam(ctx, directory, request);
  if (team.kind !== "allowed") return team.outcome;
  const subject = subjectOf(request.target);
  const removed = await unlinkSubject(ctx.db, team.id, request.target.subjectKind, subject);
  return { kind: removed ? "unlinked" : "not-linked", teamName: team.name, subject };
}

/**
 * The last 28 days of a newly linked repository, stored for the workspace. Returns how many signals were
 * stored; a failure of GitHub's is the caller's to report (the link stays, webhooks keep arriving).
 */
export async function backfillRepository(
  ctx: ServiceContext,
  github: GithubRepositories,
  teamId: string,
  link: RepositoryLink,
): Promise<number> {
  const since = new Date(ctx.clock().getTime() - EVIDENCE_WINDOW_DAYS * 86_400_000);
  const signals = await github.backfill(link, since);
  return storeSignals(ctx.db, teamId, signals);
}

type TeamCheck =
  | { kind: "allowed"; id: number; name: string; channelId: string }
  | { kind: "stop"; outcome: LinkOutcome };

async function allowedTeam(
  ctx: ServiceContext,
  directory: Directory,
  request: LinkRequest,
): Promise<TeamCheck> {
  const team = await findTeamByChannel(ctx.db, request.teamId, request.channelId);
  if (!team)
    return {
      kind: "stop",
      outcome: { kind: "no-team", channelId: request.channelId, mentioned: request.mentioned },
    };
  const respondents = await listRespondents(ctx.db, team.id);
  const allowed = await permission(directory, request.userId, [team.created_by, ...respondents]);
  if (allowed.kind !== "allowed")
    return { kind: "stop", outcome: { kind: "refused", teamName: team.name, refusal: allowed } };
  return { kind: "allowed", id: team.id, name: team.name, channelId: team.channel_id };
}
