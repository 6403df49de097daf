// The webhook benchmark's own counting (bench/webhooks.ts): what it plans to send, and how it judges what the
// bot answered and stored, must be able to tell "stored once" from anything else. Not timed.
import { describe, expect, it } from "vitest";
import { seedLinkedRepositories } from "../../bench/seed-evidence.js";
import { planDeliveries } from "../../bench/webhook-plan.js";
import type { DeliveryResult } from "../../bench/webhook-send.js";
import {
  countStored,
  WEBHOOK_SCALE,
  type WebhookRun,
  webhookFigures,
  webhookPlan,
  webhookTargets,
} from "../../bench/webhooks.js";
import { signalsFromWebhook } from "../../src/evidence/github/signals.js";
import { receiveGithubDelivery } from "../../src/services/github-webhook.js";
import { serviceContext } from "../support/deps.js";
import { useDatabase } from "../support/fixture.js";

const database = useDatabase({ resetBetweenTests: true });

describe("the webhook benchmark's plan", () => {
  const repositories = Array.from(
    { length: 200 },
    (_, i) => `bench-org-${1 + Math.floor(i / 20)}/repo-${i + 1}`,
  );
  const plan = webhookPlan(WEBHOOK_SCALE, repositories);

  it("sends 2,000 deliveries: 1,500 of them distinct, each one signal of its own about its repository", () => {
    const distinct = plan.filter((d) => !d.redelivery);
    expect(plan).toHaveLength(2_000);
    expect(new Set(distinct.map((d) => d.deliveryId)).size).toBe(1_500);
    expect(new Set(distinct.map((d) => d.event))).toEqual(
      new Set(["workflow_run", "check_suite", "deployment_status", "push"]),
    );
    const keys = distinct.flatMap((d) => {
      const signals = signalsFromWebhook(d.event, JSON.parse(d.body));
      expect(signals.map((s) => s.subject)).toEqual([d.repository]);
      return signals.map((s) => `${s.subject} ${s.kind} ${s.externalId}`);
    });
    expect(new Set(keys).size).toBe(1_500);
    expect(new Set(distinct.map((d) => d.repository)).size).toBe(200);
  });

  it("redelivers 500 of them as GitHub does, the same id and bytes, at least 2 s after the first", () => {
    const first = new Map(plan.filter((d) => !d.redelivery).map((d) => [d.deliveryId, d]));
    const again = plan.filter((d) => d.redelivery);
    expect(again).toHaveLength(500);
    for (const d of again) {
      const original = first.get(d.deliveryId);
      expect(original?.body).toBe(d.body);
      expect(d.slot - (original?.slot ?? d.slot)).toBeGreaterThanOrEqual(2 * 200);
    }
  });
});

describe("the webhook benchmark's counting", () => {
  const scale = { repositories: 10, deliveries: 60, redeliveries: 15, seconds: 6, warmUp: 0 };

  /** Sends the plan through the bot's own service, in order, and answers as the HTTP route would. */
  async function deliverAll(plan: ReturnType<typeof webhookPlan>): Promise<DeliveryResult[]> {
    const ctx = serviceContext(database.db, "2026-12-07T00:00:00Z");
    const results: DeliveryResult[] = [];
    for (const d of plan) {
      const answer = await receiveGithubDelivery(ctx, {
        deliveryId: d.deliveryId,
        event: d.event,
        payload: JSON.parse(d.body),
      });
      results.push(result(d, answer.outcome, "signals" in answer ? answer.signals : 0));
    }
    return results;
  }

  const result = (
    d: { slot: number; deliveryId: string; redelivery: boolean },
    outcome: string,
    signals: number,
  ): DeliveryResult => ({ ...d, status: 200, outcome, signals, latencyMs: 1, sentAtMs: d.slot, lateMs: 0 });

  const run = (figures: ReturnType<typeof webhookFigures>): WebhookRun => ({
    ...figures,
    database: "postgres",
    repositories: scale.repositories,
    peakRssMb: 100,
    highWaterRssMb: 100,
    botCpuUsPerDelivery: 1,
  });

  it("finds every distinct delivery stored once and nothing for its redeliveries", async () => {
    const plan = webhookPlan(scale, await seedLinkedRepositories(database.db, scale.repositories));
    const figures = webhookFigures(plan, await deliverAll(plan), await countStored(database.db));
    expect(figures).toMatchObject({
      sent: 60,
      distinct: 45,
      redeliveries: 15,
      errors: 0,
      wrongOutcomes: 0,
      storedDeliveries: 45,
      storedSignals: 45,
      expectedSignals: 45,
    });
    expect(webhookTargets([run(figures)]).every((t) => t.pass)).toBe(true);
  });

  it("tells a delivery stored twice, and an answer that never came, from stored once", async () => {
    const plan = webhookPlan(scale, await seedLinkedRepositories(database.db, scale.repositories));
    const results = await deliverAll(plan);
    // The bot forgets one delivery id, so its redelivery is taken as new: "stored" twice for one id.
    const again = plan.find((d) => d.redelivery);
    if (!again) throw new Error("the plan has no redelivery");
    await database.db.deleteFrom("github_deliveries").where("delivery_id", "=", again.deliveryId).execute();
    const [ctx, payload] = [serviceContext(database.db, "2026-12-07T00:00:00Z"), JSON.parse(again.body)];
    const answer = await receiveGithubDelivery(ctx, {
      deliveryId: again.deliveryId,
      event: again.event,
      payload,
    });
    const twice = results.map((r) => (r.slot === again.slot ? result(again, answer.outcome, 0) : r));
    // And the answer to a delivery that is never redelivered goes missing.
    const lost = plan.find((d) => !plan.some((r) => r.redelivery && r.deliveryId === d.deliveryId));
    const answered = twice.filter((r) => r.slot !== lost?.slot);
    const figures = webhookFigures(plan, answered, await countStored(database.db));
    expect(figures).toMatchObject({ wrongOutcomes: 2, errors: 1 });
    const failed = webhookTargets([run(figures)]).filter((t) => !t.pass);
    expect(failed.map((t) => t.name)).toEqual(["webhook errors and wrong answers (postgres)"]);
  });

  it("fails the target when the database holds another number of deliveries or signals than the plan", () => {
    const plan = planDeliveries({ total: 4, redeliveries: 1, repositories: ["acme/web"], minGap: 2 });
    const results = plan.map((d) => result(d, d.redelivery ? "seen" : "stored", d.redelivery ? 0 : 1));
    const stored = webhookTargets([run(webhookFigures(plan, results, { deliveries: 3, signals: 3 }))]);
    const extra = webhookTargets([run(webhookFigures(plan, results, { deliveries: 4, signals: 4 }))]);
    const name = "every delivery stored once (postgres)";
    expect(stored.find((t) => t.name === name)?.pass).toBe(true);
    expect(extra.find((t) => t.name === name)).toMatchObject({
      pass: false,
      actual: "4 deliveries, 4 signals",
    });
  });
});
