// Installation tokens at rest: AES-256-GCM with a fresh 12-byte IV per value and the installation's own id
// (its team or enterprise id) as additional authenticated data, so a ciphertext copied to another row does not
// decrypt. Stored as `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts); the key id names which key sealed
// it, so TOKEN_ENCRYPTION_KEY_PREVIOUS can still open values written before a key change.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { TokenKeys } from "../config.js";

const VERSION = "v1";
const IV_BYTES = 12;

/** A stored token could not be opened: another key, another row, or changed bytes. */
export class TokenDecryptError extends Error {
  override name = "TokenDecryptError";
}

/** A short, stable name for a key that reveals nothing of it (8 hex digits of its SHA-256). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function sealToken(plain: string, owner: string, keys: TokenKeys): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.current, iv);
  cipher.setAAD(Buffer.from(owner, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
  return [VERSION, keyId(keys.current), ...parts].join(".");
}

export function openToken(sealed: string, owner: string, keys: TokenKeys): string {
  const [version, kid, iv, tag, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || !kid || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new TokenDecryptError("a stored token is not in the v1 format");
  }
  const key = [keys.current, keys.previous].find((k) => k !== undefined && keyId(k) === kid);
  if (!key) {
    throw new TokenDecryptError(
      `a stored token was encrypted with key ${kid}, which is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(owner, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new TokenDecryptError(
      `a stored token of ${owner} does not decrypt: it was changed or belongs to another row`,
    );
  }
}

/** Whether a stored value was sealed with the current key (rotate-key leaves those alone). */
export function sealedWithCurrentKey(sealed: string, keys: TokenKeys): boolean {
  return sealed.split(".")[1] === keyId(keys.current);
}
