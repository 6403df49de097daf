// Sending GitHub webhook deliveries to the running bot, signed as GitHub signs them (X-Hub-Signature-256).
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { FakeGitHub } from "../../src/fake-github/server.js";

export const TEST_WEBHOOK_SECRET = "github-webhook-test-secret";

/** An RSA key of no App: the bot checks it at start; only REST calls, which these tests do not make, would use it. */
export const TEST_APP_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

/**
 * The settings that turn evidence from GitHub on: against a started fake GitHub (its App's id and key), or
 * with no reachable REST API for tests of webhooks alone.
 */
export function githubEnv(github?: FakeGitHub): Record<string, string> {
  return {
    GITHUB_APP_ID: String(github?.app.id ?? 4242),
    GITHUB_APP_PRIVATE_KEY: github?.app.privateKey ?? TEST_APP_KEY,
    GITHUB_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    GITHUB_API_URL: github?.apiUrl ?? "http://127.0.0.1:9/",
  };
}

export interface DeliveryOptions {
  /** X-GitHub-Delivery; a fresh one by default. */
  deliveryId?: string;
  /** Sign with another secret (a forgery), or send no signature at all (false). */
  secret?: string | false;
  /** Send these bytes instead of the payload's JSON (still signed). */
  body?: string;
}

/** POSTs one delivery to the bot's /github/webhooks, as GitHub does. */
export async function deliver(
  botUrl: string,
  event: string,
  payload: unknown,
  options: DeliveryOptions = {},
): Promise<Response> {
  const body = options.body ?? JSON.stringify(payload);
  const secret = options.secret ?? TEST_WEBHOOK_SECRET;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/test",
    "x-github-event": event,
    "x-github-delivery": options.deliveryId ?? randomUUID(),
  };
  if (secret !== false) headers["x-hub-signature-256"] = await sign(secret, body);
  return fetch(`${botUrl}/github/webhooks`, { method: "POST", headers, body });
}
