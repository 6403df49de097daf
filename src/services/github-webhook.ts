// One GitHub webhook delivery, already verified: remembered once (X-GitHub-Delivery), and its signals stored
// in each workspace where some team linked the repository, and nowhere else. Quick on purpose (GitHub waits
// at most 10 s): anything slow (a backfill, REST calls) happens elsewhere.
import { recordDelivery } from "../db/evidence.js";
import { signalsFromWebhook, subjectOf } from "../evidence/github/signals.js";
import type { ServiceContext } from "./context.js";

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
  // One statement: a pooled connection held for one round trip, so a burst of deliveries does not queue.
  const record = await recordDelivery(ctx.db, {
    deliveryId: delivery.deliveryId,
    event: delivery.event,
    repository,
    signals: signalsFromWebhook(delivery.event, delivery.payload),
  });
  // A repository nobody linked leaves no trace, not even its delivery id.
  if (repository !== null && record.workspaces === 0) return { outcome: "unlinked" };
  if (!record.recorded) return { outcome: "seen" };
  return { outcome: "stored", signals: record.stored, workspaces: record.workspaces };
}

/** The repository a delivery is about (`owner/repo`, lower case); none for installation events. */
function repositoryOf(payload: unknown): string | undefined {
  const name = (payload as { repository?: { full_name?: unknown } } | null)?.repository?.full_name;
  return typeof name === "string" ? subjectOf(name) : undefined;
}
