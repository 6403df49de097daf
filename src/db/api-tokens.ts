// Read-API tokens: plain queries. Only hashes are stored; the check reads the database every time, so a
// revoked token stops working at once on every replica.
import type { Kysely } from "kysely";
import type { ApiTokensTable, Database } from "./schema.js";

export type ApiScope = { readonly kind: ApiTokensTable["scope_kind"]; readonly id: string };

export interface ApiTokenRow {
  readonly id: number;
  readonly label: string;
  readonly scope: ApiScope;
  readonly tokenHash: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** The stored token; undefined when an active one has that label already. */
export async function insertApiToken(
  db: Kysely<Database>,
  token: { label: string; scope: ApiScope; tokenHash: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto("api_tokens")
    .values({
      label: token.label,
      scope_kind: token.scope.kind,
      scope_id: token.scope.id,
      token_hash: token.tokenHash,
    })
    .onConflict((oc) => oc.column("label").where("revoked_at", "is", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** The active token with this hash. */
export async function activeTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiTokenRow | undefined> {
  const row = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row && rowOf(row);
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiTokenRow[]> {
  const rows = await db.selectFrom("api_tokens").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map(rowOf);
}

/** Revokes the active token with this label; false when there is none. */
export async function revokeApiToken(db: Kysely<Database>, label: string, now: Date): Promise<boolean> {
  const done = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("label", "=", label)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

function rowOf(row: {
  id: number;
  label: string;
  scope_kind: ApiScope["kind"];
  scope_id: string;
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}): ApiTokenRow {
  return {
    id: row.id,
    label: row.label,
    scope: { kind: row.scope_kind, id: row.scope_id },
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
