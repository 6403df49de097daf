// How GitHub authenticates an App: a JWT signed RS256 with the App's private key (`iss` the App id, `exp` at
// most 10 minutes ahead) for the /app routes, and installation access tokens (one hour) for repositories.
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from "node:crypto";

export interface FakeApp {
  id: number;
  slug: string;
  /** PEM, as GitHub hands it out when the App is created. */
  privateKey: string;
  publicKey: string;
}

export function createFakeApp(id = 4242, slug = "mlops-maturity-evidence"): FakeApp {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    id,
    slug,
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

// Parsing a PEM costs more than verifying with it; the fake checks thousands of JWTs in a benchmark.
const publicKeys = new Map<string, KeyObject>();
const publicKeyOf = (pem: string): KeyObject => {
  const key = publicKeys.get(pem) ?? createPublicKey(pem);
  publicKeys.set(pem, key);
  return key;
};

const decode = (part: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
};

/** Null when the JWT is one GitHub accepts for `app` at `nowMs`, else GitHub's 401 message. */
export function jwtProblem(jwt: string, app: FakeApp, nowMs: number): string | null {
  const [head = "", body = "", signature = ""] = jwt.split(".");
  const header = decode(head);
  const claims = decode(body);
  if (!header || !claims || header.alg !== "RS256") return "A JSON web token could not be decoded";
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${head}.${body}`),
    publicKeyOf(app.publicKey),
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return "A JSON web token could not be decoded";
  const now = Math.floor(nowMs / 1000);
  if (String(claims.iss) !== String(app.id)) return "Integration not found";
  if (typeof claims.iat !== "number" || claims.iat > now + 60)
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  if (typeof claims.exp !== "number" || claims.exp <= now)
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (claims.exp > now + 600) return "'Expiration time' claim ('exp') is too far in the future";
  return null;
}

export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAtMs: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  /** How long a new installation token lives; GitHub's is one hour. */
  lifetimeMs = 60 * 60 * 1000;
  issued = 0;

  issue(installationId: number, nowMs: number): IssuedToken {
    const issued = {
      token: `ghs_${randomBytes(18).toString("base64url")}`,
      installationId,
      expiresAtMs: nowMs + this.lifetimeMs,
    };
    this.tokens.set(issued.token, issued);
    this.issued++;
    return issued;
  }

  /** The installation a token stands for, while it has not expired. */
  installationOf(token: string, nowMs: number): number | undefined {
    const found = this.tokens.get(token);
    return found && found.expiresAtMs > nowMs ? found.installationId : undefined;
  }

  /** Every token handed out so far expires now (what an hour's wait, or a revocation, does). */
  expireAll(nowMs: number): void {
    for (const t of this.tokens.values()) t.expiresAtMs = Math.min(t.expiresAtMs, nowMs);
  }

  clear(): void {
    this.tokens.clear();
    this.issued = 0;
  }
}
