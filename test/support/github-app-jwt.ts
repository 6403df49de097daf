// An App JWT signed by hand (RS256), so the fake GitHub's checks are tested apart from the client's library.
import { sign } from "node:crypto";

export function appJwt(
  privateKey: string,
  claims: { iss: number | string; iat?: number; exp?: number },
  nowMs = Date.now(),
): string {
  const now = Math.floor(nowMs / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, ...claims })}`;
  return `${body}.${sign("RSA-SHA256", Buffer.from(body), privateKey).toString("base64url")}`;
}
