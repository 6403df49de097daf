// Tokens for the read API and the MCP endpoint: `mlops_` and 32 random bytes (base64url), shown once; only
// a SHA-256 is stored. Checking one reads the database, so a revoked token is refused at once everywhere.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  type ApiScope,
  type ApiTokenRow,
  activeTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
} from "../db/api-tokens.js";
import type { ServiceContext } from "./context.js";

export type { ApiScope, ApiTokenRow };

export const TOKEN_PREFIX = "mlops_";
const TOKEN_SHAPE = /^mlops_[A-Za-z0-9_-]{43}$/;
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export type TokenCreation =
  | { readonly kind: "created"; readonly token: string }
  | { readonly kind: "duplicate" }
  | { readonly kind: "bad-label" };

/** What a token is stored and known as (also the rate limiter's key, so the token itself is never kept). */
export function hashOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function createApiToken(
  ctx: ServiceContext,
  request: { label: string; scope: ApiScope },
): Promise<TokenCreation> {
  if (!LABEL.test(request.label)) return { kind: "bad-label" };
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = await insertApiToken(ctx.db, { ...request, tokenHash: hashOf(token) });
  return id === undefined ? { kind: "duplicate" } : { kind: "created", token };
}

export function apiTokens(ctx: ServiceContext): Promise<ApiTokenRow[]> {
  return listApiTokens(ctx.db);
}

export function revokeToken(ctx: ServiceContext, label: string): Promise<boolean> {
  return revokeApiToken(ctx.db, label, ctx.clock());
}

export interface Caller {
  readonly tokenId: number;
  readonly scope: ApiScope;
}

/** Whether the text has a token's shape (checked before anything is read). */
export function isTokenShaped(presented: string | undefined): presented is string {
  return presented !== undefined && TOKEN_SHAPE.test(presented);
}

/** Who presents this token, or null: a missing, malformed, unknown or revoked token alike. */
export async function authenticate(
  ctx: ServiceContext,
  presented: string | undefined,
): Promise<Caller | null> {
  if (!isTokenShaped(presented)) return null;
  const hash = hashOf(presented);
  const row = await activeTokenByHash(ctx.db, hash);
  // The row was found by its hash; compared again in constant time so no timing tells how much matched.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(hash, "hex"))) return null;
  return { tokenId: row.id, scope: row.scope };
}
