import { slackSignature } from "../../src/fake-slack/requests.js";

export { slackSignature };

export const TEST_SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

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
