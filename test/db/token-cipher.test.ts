import { describe, expect, it } from "vitest";
import {
  keyId,
  openToken,
  sealedWithCurrentKey,
  sealToken,
  TokenDecryptError,
} from "../../src/db/token-cipher.js";

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);
const current = { current: KEY_A, previous: undefined };
const TOKEN = "xoxb-1234-5678-abcdefghijklmnop";

describe("sealed tokens (AES-256-GCM)", () => {
  it("stores v1.<key id>.<iv>.<tag>.<ciphertext> with a fresh 12-byte IV each time, and opens it again", () => {
    const a = sealToken(TOKEN, "T1", current);
    const b = sealToken(TOKEN, "T1", current);
    const [version, kid, iv, tag, ciphertext] = a.split(".");
    expect(version).toBe("v1");
    expect(kid).toBe(keyId(KEY_A));
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext ?? "", "base64url")).toHaveLength(TOKEN.length);
    expect(a).not.toBe(b);
    expect(a).not.toContain("xox");
    expect(openToken(a, "T1", current)).toBe(TOKEN);
    expect(openToken(b, "T1", current)).toBe(TOKEN);
  });

  it("does not open a ciphertext copied to another row (the team or enterprise id is authenticated)", () => {
    const sealed = sealToken(TOKEN, "T1", current);
    expect(() => openToken(sealed, "T2", current)).toThrow(TokenDecryptError);
    expect(() => openToken(sealed, "E1", current)).toThrow(/belongs to another row/);
  });

  it("does not open a changed byte", () => {
    const sealed = sealToken(TOKEN, "T1", current);
    const parts = sealed.split(".");
    const ciphertext = Buffer.from(parts[4] ?? "", "base64url");
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[4] = ciphertext.toString("base64url");
    expect(() => openToken(parts.join("."), "T1", current)).toThrow(TokenDecryptError);
  });

  it("opens a value of the previous key while TOKEN_ENCRYPTION_KEY_PREVIOUS holds it, and says which key is missing otherwise", () => {
    const old = sealToken(TOKEN, "T1", { current: KEY_B, previous: undefined });
    const rotated = { current: KEY_A, previous: KEY_B };
    expect(openToken(old, "T1", rotated)).toBe(TOKEN);
    expect(sealedWithCurrentKey(old, rotated)).toBe(false);
    expect(sealedWithCurrentKey(sealToken(TOKEN, "T1", rotated), rotated)).toBe(true);
    expect(() => openToken(old, "T1", current)).toThrow(
      `encrypted with key ${keyId(KEY_B)}, which is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS`,
    );
  });

  it("refuses anything that is not the v1 format", () => {
    expect(() => openToken(TOKEN, "T1", current)).toThrow("not in the v1 format");
    expect(() => openToken("v2.a.b.c.d", "T1", current)).toThrow("not in the v1 format");
  });
});
