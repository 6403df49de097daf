// Sends planned GitHub deliveries to the bot at a steady rate, signed as GitHub signs them, and keeps what
// each answer said. Bodies and signatures are ready before the first send, so the clock measures the bot.
import { Agent, request } from "node:http";
import { sign } from "@octokit/webhooks-methods";
import type { PlannedDelivery } from "./webhook-plan.js";

export interface SignedDelivery extends PlannedDelivery {
  signature: string;
}

/** What the bot answered one delivery. */
export interface DeliveryResult {
  slot: number;
  deliveryId: string;
  redelivery: boolean;
  /** The HTTP status; 0 when the request failed (connection refused, reset, timed out). */
  status: number;
  /** The body's `outcome` (stored, seen, unlinked), when it had one. */
  outcome: string | null;
  /** Signals the bot says it stored for it. */
  signals: number;
  /** From the request's start to the last byte of the answer. */
  latencyMs: number;
  /** When it left, from the first delivery's start. */
  sentAtMs: number;
  /** How late it left against its slot on the schedule (the load generator's own lag). */
  lateMs: number;
}

export async function signDeliveries(
  plan: readonly PlannedDelivery[],
  secret: string,
): Promise<SignedDelivery[]> {
  return Promise.all(plan.map(async (d) => ({ ...d, signature: await sign(secret, d.body) })));
}

/** Slot i leaves at start + i × (1000 / perSecond) ms; resolves once every answer is in. */
export async function sendAtSteadyRate(
  url: string,
  deliveries: readonly SignedDelivery[],
  perSecond: number,
): Promise<DeliveryResult[]> {
  const agent = new Agent({ keepAlive: true });
  const gapMs = 1000 / perSecond;
  const start = performance.now();
  const pending: Promise<DeliveryResult>[] = [];
  try {
    for (const delivery of deliveries) {
      const due = start + delivery.slot * gapMs;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(sendOne(url, agent, delivery, { start, due }));
    }
    return await Promise.all(pending);
  } finally {
    agent.destroy();
  }
}

const TIMEOUT_MS = 10_000; // GitHub gives up on a delivery after 10 s

function sendOne(
  url: string,
  agent: Agent,
  d: SignedDelivery,
  schedule: { start: number; due: number },
): Promise<DeliveryResult> {
  const began = performance.now();
  const result = (status: number, body: string): DeliveryResult => ({
    slot: d.slot,
    deliveryId: d.deliveryId,
    redelivery: d.redelivery,
    status,
    ...outcomeOf(body),
    latencyMs: performance.now() - began,
    sentAtMs: began - schedule.start,
    lateMs: Math.max(0, began - schedule.due),
  });
  return new Promise((resolve) => {
    const req = request(
      `${url}/github/webhooks`,
      {
        method: "POST",
        agent,
        timeout: TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/bench",
          "x-github-event": d.event,
          "x-github-delivery": d.deliveryId,
          "x-hub-signature-256": d.signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(result(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"))));
        res.on("error", () => resolve(result(0, "")));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => resolve(result(0, "")));
    req.end(d.body);
  });
}

function outcomeOf(body: string): { outcome: string | null; signals: number } {
  try {
    const parsed = JSON.parse(body) as { outcome?: unknown; signals?: unknown };
    return {
      outcome: typeof parsed.outcome === "string" ? parsed.outcome : null,
      signals: typeof parsed.signals === "number" ? parsed.signals : 0,
    };
  } catch {
    return { outcome: null, signals: 0 };
  }
}
