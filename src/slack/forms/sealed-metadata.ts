// A modal's private_metadata travels through the person's Slack client and comes back in the submission,
// where anyone able to sign requests for the app could have changed it. Sealing it with an HMAC under a key
// only the bot knows (derived from its signing secret, so every replica shares it) lets the submission
// trust what the bot itself put there.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface MetadataSeal {
  /** `data`, with a tag that only this key produces. */
  seal(data: string): string;
  /** The data of a sealed string, or null when it was not sealed with this key or was changed. */
  /** The sealed data, or null when it is missing (a real view_submission may carry none), unsealed or changed. */
  open(sealed: string | undefined): string | null;
}

const PURPOSE = "mlops-bot: modal private_metadata v1";
// base64url of a SHA-256 HMAC: 43 characters, never a dot.
const TAG_LENGTH = 43;

export function metadataSeal(signingSecret: string): MetadataSeal {
  // A key of its own: the signing secret itself only ever verifies Slack's requests.
  const key = createHmac("sha256", signingSecret).update(PURPOSE).digest();
  const tag = (data: string) => createHmac("sha256", key).update(data).digest("base64url");
  return {
    seal: (data) => `${tag(data)}.${data}`,
    open: (sealed) => {
      if (typeof sealed !== "string" || sealed.length <= TAG_LENGTH || sealed[TAG_LENGTH] !== ".")
        return null;
      const data = sealed.slice(TAG_LENGTH + 1);
      const given = Buffer.from(sealed.slice(0, TAG_LENGTH));
      const expected = Buffer.from(tag(data));
      return given.length === expected.length && timingSafeEqual(given, expected) ? data : null;
    },
  };
}
