// What the webhook benchmark sends, decided before anything is sent (pure, no clock, no network): GitHub's own
// example payloads (@octokit/webhooks-examples) moved to the seeded repositories, each distinct delivery with
// ids of its own (a run, a suite, a deployment, a push), and some slots that redeliver an earlier delivery
// as GitHub does: the same X-GitHub-Delivery, the same bytes.
import { signalsFromWebhook } from "../src/evidence/github/signals.js";
import { githubExample, githubExampleCount, githubExampleFor } from "../test/support/github-examples.js";

/** The events of the mix, in turn; each has examples GitHub documents. */
export const WEBHOOK_EVENTS = ["workflow_run", "check_suite", "deployment_status", "push"] as const;

export interface WebhookPlanOptions {
  /** Deliveries sent in all, redeliveries among them. */
  total: number;
  redeliveries: number;
  /** `owner/repo` of every linked repository; distinct deliveries go to them in turn. */
  repositories: readonly string[];
  /** A redelivery repeats a delivery sent at least this many slots earlier (not one still in flight). */
  minGap: number;
}

export interface PlannedDelivery {
  slot: number;
  deliveryId: string;
  event: string;
  repository: string;
  body: string;
  /** True when this slot repeats an earlier slot's delivery (same id, same body). */
  redelivery: boolean;
}

export function planDeliveries(options: WebhookPlanOptions): PlannedDelivery[] {
  const redelivered = redeliverySlots(options);
  const plan: PlannedDelivery[] = [];
  const distinct: PlannedDelivery[] = [];
  for (let slot = 0; slot < options.total; slot++) {
    if (redelivered.has(slot)) {
      // Any delivery at least minGap slots back, picked by a fixed stride so every run sends the same plan.
      const eligible = distinct.filter((d) => d.slot <= slot - options.minGap);
      const original = eligible[(plan.length * 7_919) % Math.max(1, eligible.length)];
      if (!original)
        throw new Error(`slot ${slot}: no delivery ${options.minGap} slots earlier to redeliver`);
      plan.push({ ...original, slot, redelivery: true });
    } else {
      const delivery = distinctDelivery(distinct.length, slot, options.repositories);
      distinct.push(delivery);
      plan.push(delivery);
    }
  }
  return plan;
}

/** Which slots redeliver: spread evenly after the first `minGap` slots. */
function redeliverySlots({ total, redeliveries, minGap }: WebhookPlanOptions): Set<number> {
  const span = total - minGap;
  if (redeliveries > span) throw new Error("more redeliveries than slots after the first gap");
  return new Set(
    Array.from({ length: redeliveries }, (_, i) => minGap + Math.floor((i * span) / redeliveries)),
  );
}

/** The n-th distinct delivery: an example of the n-th event of the mix, in the n-th repository. */
function distinctDelivery(n: number, slot: number, repositories: readonly string[]): PlannedDelivery {
  const event = WEBHOOK_EVENTS[n % WEBHOOK_EVENTS.length] ?? "push";
  const repository = repositories[n % repositories.length] ?? "";
  const id = 1_000_000 + n;
  const examples = signallingExamples(event);
  const example = examples[Math.floor(n / WEBHOOK_EVENTS.length) % examples.length] ?? 0;
  const payload = githubExampleFor(repository, event, example);
  withOwnIds(event, payload, id, n % repositories.length);
  return {
    slot,
    deliveryId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    event,
    repository,
    body: JSON.stringify(payload),
    redelivery: false,
  };
}

const signalling = new Map<string, number[]>();

/** The examples of an event that carry a signal (a push deleting a tag carries none, and would prove nothing). */
function signallingExamples(event: string): number[] {
  let found = signalling.get(event);
  if (!found) {
    found = Array.from({ length: githubExampleCount(event) }, (_, i) => i).filter(
      (i) => signalsFromWebhook(event, githubExample(event, i)).length > 0,
    );
    signalling.set(event, found);
  }
  return found;
}

type Example = Record<string, unknown> & { repository?: Record<string, unknown> };

/** Ids of its own, so that two deliveries of one example to one repository are two runs, not one seen twice. */
function withOwnIds(event: string, payload: Example, id: number, repositoryIndex: number): void {
  if (payload.repository) payload.repository.id = 500_000 + repositoryIndex;
  const part = (name: string) => payload[name] as Record<string, unknown>;
  if (event === "workflow_run") part("workflow_run").id = id;
  if (event === "check_suite") part("check_suite").id = id;
  if (event === "deployment_status") {
    part("deployment").id = id;
    part("deployment_status").id = id;
  }
  if (event === "push") payload.after = id.toString(16).padStart(40, "0");
}

/** The signals the bot should store for the plan: those of each distinct delivery, once. */
export function expectedSignals(plan: readonly PlannedDelivery[]): number {
  return plan
    .filter((d) => !d.redelivery)
    .reduce((n, d) => n + signalsFromWebhook(d.event, JSON.parse(d.body)).length, 0);
}
