import { createHmac } from "node:crypto";

export const TEST_SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

/** Slack's v0 signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>`, hex, prefixed with `v0=`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
}

export function signedHeaders(
  body: string,
  contentType: string,
  options: SignOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
  };
}
