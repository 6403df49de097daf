// One GitHub webhook delivery, already verified: remembered once (X-GitHub-Delivery), and its signals stored
// in each workspace where some team linked the repository, and nowhere else. Quick on purpose (GitHub waits
// at most 10 s): anything slow (a backfill, REST calls) happens elsewhere.
import {
  followRenamedRepository,
  forgetDeliveriesOlderThan,
  recordDelivery,
  staleFileChecks,
  storeSignals,
} from "../db/evidence.js";
import { signalsFromWebhook, subjectOf } from "../evidence/github/signals.js";
import type { ServiceContext } from "./context.js";
import type { GithubRepositories } from "./evidence-links.js";

/** How long a delivery's id is remembered (GitHub redelivers one for three days at most). */
export const DELIVERY_MEMORY_DAYS = 7;

/** A push to a repository's default branch checks its scoring files again once their last check is this old. */
export const FILE_RECHECK_MS = 24 * 60 * 60 * 1000;

export interface GithubDelivery {
  readonly deliveryId: string;
  readonly event: string;
  readonly payload: unknown;
}

/** seen: delivered before; unlinked: no team linked its repository; stored: kept (perhaps no signal). */
export type DeliveryOutcome =
  | { readonly outcome: "seen" }
  | { readonly outcome: "unlinked" }
  | { readonly outcome: "stored"; readonly signals: number; readonly workspaces: number };

export async function receiveGithubDelivery(
  ctx: ServiceContext,
  delivery: GithubDelivery,
): Promise<DeliveryOutcome> {
  const repository = repositoryOf(delivery.payload) ?? null;
  const repositoryId = repositoryIdOf(delivery.payload) ?? null;
  // One statement: a pooled connection held for one round trip, so a burst of deliveries does not queue.
  const record = () =>
    recordDelivery(ctx.db, {
      deliveryId: delivery.deliveryId,
      event: delivery.event,
      repository,
      repositoryId,
      signals: signalsFromWebhook(delivery.event, delivery.payload),
    });
  let recorded = await record();
  // A name no team linked may be a repository renamed or transferred since it was linked (its id tells): its
  // links take the new name, and the delivery is taken for them. Only then a second round trip, or a third.
  const renamed =
    recorded.workspaces === 0 &&
    repository !== null &&
    repositoryId !== null &&
    (await followRenamedRepository(ctx.db, repositoryId, repository)) > 0;
  if (renamed) recorded = await record();
  // A repository nobody linked leaves no trace, not even its delivery id.
  if (repository !== null && recorded.workspaces === 0) return { outcome: "unlinked" };
  if (!recorded.recorded) return { outcome: "seen" };
  return { outcome: "stored", signals: recorded.stored, workspaces: recorded.workspaces };
}

/** The ids of deliveries older than GitHub's redelivery window, forgotten (the tick does it). */
export function forgetOldDeliveries(ctx: Pick<ServiceContext, "db">): Promise<number> {
  return forgetDeliveriesOlderThan(ctx.db, DELIVERY_MEMORY_DAYS);
}

/**
 * After a push to a linked repository's default branch: its scoring script and their tests checked again in
 * each workspace whose last check of them is a day old, so those verdicts follow the repository instead of
 * lapsing 28 days after the link. Returns the signals stored; GitHub's failures are thrown, for the caller to
 * log (the delivery itself is stored already).
 */
export async function recheckScoringFiles(
  ctx: ServiceContext,
  github: Pick<GithubRepositories, "scoringFiles">,
  delivery: GithubDelivery,
): Promise<number> {
  const repository = pushedToDefaultBranch(delivery);
  if (repository === undefined) return 0;
  const checkedBefore = new Date(ctx.clock().getTime() - FILE_RECHECK_MS);
  let stored = 0;
  for (const { teamId, scoringPath } of await staleFileChecks(ctx.db, repository, checkedBefore)) {
    stored += await storeSignals(ctx.db, teamId, await github.scoringFiles({ repository, scoringPath }));
  }
  return stored;
}

/** The repository of a push that moved its default branch (not a deletion); undefined for anything else. */
function pushedToDefaultBranch({ event, payload }: GithubDelivery): string | undefined {
  if (event !== "push") return undefined;
  const push = payload as {
    ref?: unknown;
    deleted?: unknown;
    repository?: { default_branch?: unknown };
  } | null;
  const branch = push?.repository?.default_branch;
  if (typeof branch !== "string" || push?.ref !== `refs/heads/${branch}` || push.deleted === true)
    return undefined;
  return repositoryOf(payload);
}

/** GitHub's id of the delivery's repository, which a rename keeps. */
function repositoryIdOf(payload: unknown): number | undefined {
  const id = (payload as { repository?: { id?: unknown } } | null)?.repository?.id;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : undefined;
}

/** The repository a delivery is about (`owner/repo`, lower case); none for installation events. */
function repositoryOf(payload: unknown): string | undefined {
  const name = (payload as { repository?: { full_name?: unknown } } | null)?.repository?.full_name;
  return typeof name === "string" ? subjectOf(name) : undefined;
}
