// Each workspace's MLflow tracking server (its token sealed on the way in, opened on the way out) and what the
// poller keeps per linked experiment or registered model.
import { type Kysely, sql, type Transaction } from "kysely";
import type { TokenKeys } from "../config.js";
import { groupBy } from "../domain/group-by.js";
import type { Database } from "./schema.js";
import { openToken, sealedWithCurrentKey, sealToken, TokenDecryptError } from "./token-cipher.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface MlflowSettings {
  readonly uri: string;
  /** In clear text, only in memory. */
  readonly token: string | undefined;
}

/** Sets (or replaces) a workspace's tracking server; a token needs the keys to be sealed with. */
export async function saveMlflowSettings(
  db: Db,
  workspaceId: string,
  settings: MlflowSettings,
  keys: TokenKeys | undefined,
  at: Date,
): Promise<void> {
  if (settings.token !== undefined && !keys)
    throw new RangeError("an MLflow token needs TOKEN_ENCRYPTION_KEY");
  const row = {
    workspace_id: workspaceId,
    tracking_uri: settings.uri,
    token: settings.token === undefined || !keys ? null : sealToken(settings.token, workspaceId, keys),
    updated_at: at,
  };
  const before = await db
    .selectFrom("mlflow_settings")
    .select("tracking_uri")
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  await db
    .insertInto("mlflow_settings")
    .values(row)
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet(row))
    .execute();
  if (before && before.tracking_uri !== settings.uri) await forgetServer(db, workspaceId);
}

/**
 * Another tracking server: what was read from the one before (its runs, versions and how far each source had
 * read) says nothing of this one, which is read from the start of the window at the next poll.
 */
async function forgetServer(db: Db, workspaceId: string): Promise<void> {
  await db
    .deleteFrom("evidence_signals")
    .where("team_id", "=", workspaceId)
    .where("source", "=", "mlflow")
    .execute();
  await db
    .updateTable("mlflow_sources")
    .set({ read_until: null, last_polled_at: null, stale_since: null, stale_reason: null })
    .where("workspace_id", "=", workspaceId)
    .execute();
}

/**
 * A workspace's stored MLflow token the bot cannot open: it runs without TOKEN_ENCRYPTION_KEY, or with another
 * key than the one `npm run mlops -- evidence mlflow --token` sealed it with. The message is an operator's
 * next step.
 */
export class MlflowTokenUnreadable extends Error {
  override name = "MlflowTokenUnreadable";
  constructor(cause: "no key" | TokenDecryptError) {
    const problem =
      cause === "no key"
        ? "is sealed with TOKEN_ENCRYPTION_KEY and the bot runs without one"
        : `cannot be opened with the bot's TOKEN_ENCRYPTION_KEY (${cause.message})`;
    super(
      `the workspace's MLflow token ${problem}: start the bot with the key \`npm run mlops -- evidence mlflow --token\` used, or store the server again without --token`,
      cause === "no key" ? undefined : { cause },
    );
  }
}

/** The workspace's own tracking server; undefined when none is set. Throws MlflowTokenUnreadable. */
export async function findMlflowSettings(
  db: Db,
  workspaceId: string,
  keys: TokenKeys | undefined,
): Promise<MlflowSettings | undefined> {
  const row = await db
    .selectFrom("mlflow_settings")
    .select(["tracking_uri", "token"])
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.token === null) return { uri: row.tracking_uri, token: undefined };
  if (!keys) throw new MlflowTokenUnreadable("no key");
  try {
    return { uri: row.tracking_uri, token: openToken(row.token, workspaceId, keys) };
  } catch (err) {
    throw err instanceof TokenDecryptError ? new MlflowTokenUnreadable(err) : err;
  }
}

/** The workspaces whose MLflow settings hold a (sealed) token. */
export async function workspacesWithMlflowTokens(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("mlflow_settings")
    .select("workspace_id")
    .where("token", "is not", null)
    .orderBy("workspace_id")
    .execute();
  return rows.map((r) => r.workspace_id);
}

/** Re-seals every stored MLflow token under the current key (rotate-key); how many it rewrote. */
export async function reencryptMlflowTokens(db: Kysely<Database>, keys: TokenKeys): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("mlflow_settings")
      .select(["workspace_id", "token"])
      .where("token", "is not", null)
      .forUpdate()
      .execute();
    let count = 0;
    for (const { workspace_id: owner, token } of rows) {
      if (token === null || sealedWithCurrentKey(token, keys)) continue;
      const resealed = sealToken(openToken(token, owner, keys), owner, keys);
      await trx
        .updateTable("mlflow_settings")
        .set({ token: resealed })
        .where("workspace_id", "=", owner)
        .execute();
      count++;
    }
    return count;
  });
}

export type MlflowSourceKind = "experiment" | "model";

/** What the poller knows of a linked experiment or model. */
export interface MlflowSourceState {
  readonly kind: MlflowSourceKind;
  readonly name: string;
  readonly readUntil: Date | null;
  readonly lastPolledAt: Date | null;
  readonly staleSince: Date | null;
  readonly staleReason: string | null;
}

export async function loadMlflowSources(db: Db, workspaceId: string): Promise<MlflowSourceState[]> {
  return (await mlflowSourcesOf(db, [workspaceId])).get(workspaceId) ?? [];
}

/** What the poller knows of these workspaces' experiments and models, by workspace: one query. */
export async function mlflowSourcesOf(
  db: Db,
  workspaceIds: readonly string[],
): Promise<Map<string, MlflowSourceState[]>> {
  if (workspaceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("mlflow_sources")
    .selectAll()
    .where("workspace_id", "in", [...new Set(workspaceIds)])
    .orderBy("kind")
    .orderBy("name")
    .execute();
  const byWorkspace = groupBy(rows, (r) => r.workspace_id);
  return new Map(
    [...byWorkspace].map(([id, states]) => [
      id,
      states.map((r) => ({
        kind: r.kind,
        name: r.name,
        readUntil: r.read_until,
        lastPolledAt: r.last_polled_at,
        staleSince: r.stale_since,
        staleReason: r.stale_reason,
      })),
    ]),
  );
}

/** Records one poll of a source: how far it read, when, and whether it failed (stale) or not (fresh). */
export async function recordMlflowPoll(
  db: Db,
  workspaceId: string,
  poll: Omit<MlflowSourceState, "lastPolledAt">,
  at: Date,
): Promise<void> {
  const row = {
    workspace_id: workspaceId,
    kind: poll.kind,
    name: poll.name,
    read_until: poll.readUntil,
    last_polled_at: at,
    stale_since: poll.staleSince,
    stale_reason: poll.staleReason,
    claimed_at: null,
  };
  await db
    .insertInto("mlflow_sources")
    .values(row)
    .onConflict((oc) => oc.columns(["workspace_id", "kind", "name"]).doUpdateSet(row))
    .execute();
}

/** Makes a workspace's experiment or model due at the next poll, whenever it was last polled. */
export async function pollMlflowSourceNext(
  db: Db,
  workspaceId: string,
  kind: MlflowSourceKind,
  name: string,
): Promise<void> {
  await db
    .updateTable("mlflow_sources")
    .set({ last_polled_at: null })
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .where("name", "=", name)
    .execute();
}

/**
 * Makes every stale source due at the next poll. Called as the bot starts: a restart is how its settings
 * change (a key, a tracking server's address), so what failed is tried again at once, not up to 15 minutes on.
 */
export async function pollStaleMlflowSourcesNext(db: Db): Promise<void> {
  await db
    .updateTable("mlflow_sources")
    .set({ last_polled_at: null })
    .where("stale_since", "is not", null)
    .execute();
}

/** A source this caller claimed to poll, with where its last poll stopped. */
export interface ClaimedMlflowSource {
  readonly kind: MlflowSourceKind;
  readonly name: string;
  readonly readUntil: Date | null;
  readonly staleSince: Date | null;
}

/**
 * Claims, in one statement, those of `subjects` that are due (never polled, or last polled at or before
 * `dueBefore`) and that no other caller holds a claim on younger than `leaseSeconds` by the database's clock;
 * returns what this caller won. Replicas claiming at once each win a different part, never the same source.
 */
export async function claimDueMlflowSources(
  db: Db,
  workspaceId: string,
  subjects: readonly { readonly kind: MlflowSourceKind; readonly name: string }[],
  dueBefore: Date,
  leaseSeconds: number,
): Promise<ClaimedMlflowSource[]> {
  if (subjects.length === 0) return [];
  const { rows } = await sql<{
    kind: MlflowSourceKind;
    name: string;
    read_until: Date | null;
    stale_since: Date | null;
  }>`
    insert into mlflow_sources (workspace_id, kind, name, claimed_at)
    select ${workspaceId}, s.kind, s.name, now()
    from unnest(${subjects.map((s) => s.kind)}::text[], ${subjects.map((s) => s.name)}::text[]) as s(kind, name)
    on conflict (workspace_id, kind, name) do update set claimed_at = now()
    where (mlflow_sources.last_polled_at is null or mlflow_sources.last_polled_at <= ${dueBefore})
      and (mlflow_sources.claimed_at is null
        or mlflow_sources.claimed_at <= now() - make_interval(secs => ${leaseSeconds}::float8))
    returning kind, name, read_until, stale_since`.execute(db);
  return rows.map((r) => ({
    kind: r.kind,
    name: r.name,
    readUntil: r.read_until === null ? null : new Date(r.read_until),
    staleSince: r.stale_since === null ? null : new Date(r.stale_since),
  }));
}
