// @ts-check
import { sql } from "kysely";

// Frozen. "Not applicable" gets a column of its own. Until now `met` carried, beside the criterion ids, a token
// `na:<criterion id>:<reason, URI-encoded>` per practice a person said does not apply (an answer: one reason
// each; a closed round: one token per distinct reason). Now `answers.not_applicable` maps criterion id →
// reason and `round_snapshots.not_applicable` criterion id → reasons (in the order the tokens gave them), null
// where there is none, and `met` holds criterion ids only. Down writes the tokens back into `met`.
// A token that cannot be read (no reason, or a reason that is not valid URI encoding) was ignored by every
// reader; it stays in `met` untouched, so nothing is lost either way.

const PREFIX = "na:";
const CHUNK = 500;

/** @typedef {{ table: string, key: string[], keyTypes: string[], reasons: "one" | "all" }} Table */
/** @type {Table[]} */
const TABLES = [
  {
    table: "answers",
    key: ["ml_team_id", "period", "user_id"],
    keyTypes: ["int", "text", "text"],
    reasons: "one",
  },
  { table: "round_snapshots", key: ["ml_team_id", "period"], keyTypes: ["int", "text"], reasons: "all" },
];

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  for (const t of TABLES) {
    await db.schema.alterTable(t.table).addColumn("not_applicable", "jsonb").execute();
    const withTokens = sql`exists (select 1 from unnest(met) as m(token) where m.token like 'na:%')`;
    await rewrite(db, t, withTokens, (row) => moveOut(row.met, t.reasons));
  }
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  for (const t of TABLES) {
    await rewrite(db, t, sql`not_applicable is not null`, (row) => ({
      met: [...row.met, ...tokensOf(row.not_applicable)],
      not_applicable: null,
    }));
    await db.schema.alterTable(t.table).dropColumn("not_applicable").execute();
  }
}

/**
 * @param {string[]} met
 * @param {"one" | "all"} reasons
 */
function moveOut(met, reasons) {
  /** @type {string[]} */
  const kept = [];
  /** @type {Record<string, string[]>} */
  const exempt = {};
  for (const token of met) {
    const read = token.startsWith(PREFIX) ? readToken(token.slice(PREFIX.length)) : null;
    if (read === null) kept.push(token);
    else exempt[read.id] = [...(exempt[read.id] ?? []), read.reason];
  }
  const entries = Object.entries(exempt);
  // An answer has one reason per practice: the first, as every reader took it.
  const shaped = entries.map(([id, all]) => [id, reasons === "one" ? all[0] : all]);
  return { met: kept, not_applicable: entries.length === 0 ? null : Object.fromEntries(shaped) };
}

/** @param {string} rest the token after its prefix: `<id>:<reason, URI-encoded>` */
function readToken(rest) {
  const colon = rest.indexOf(":");
  if (colon <= 0) return null;
  try {
    return { id: rest.slice(0, colon), reason: decodeURIComponent(rest.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** @param {Record<string, string | string[]>} exempt */
function tokensOf(exempt) {
  return Object.entries(exempt).flatMap(([id, reasons]) =>
    (Array.isArray(reasons) ? reasons : [reasons]).map((r) => `${PREFIX}${id}:${encodeURIComponent(r)}`),
  );
}

/**
 * Rewrites `met` and `not_applicable` of every row matching `where`, a chunk at a time along the primary key,
 * each chunk in one statement.
 * @param {import("kysely").Kysely<any>} db
 * @param {Table} t
 * @param {import("kysely").RawBuilder<unknown>} where
 * @param {(row: any) => { met: string[], not_applicable: unknown }} change
 */
async function rewrite(db, t, where, change) {
  const key = sql.join(t.key.map((k) => sql.ref(k)));
  /** @type {unknown[] | null} */
  let after = null;
  for (;;) {
    const past = after === null ? sql`true` : sql`(${key}) > (${sql.join(after)})`;
    const { rows } = await sql`select ${key}, met, not_applicable from ${sql.table(t.table)}
      where ${where} and ${past} order by ${key} limit ${CHUNK}`.execute(db);
    if (rows.length === 0) return;
    const changed = rows.map((row) => ({ ...pick(row, t.key), ...change(row) }));
    const columns = t.key.map((k, i) => sql`${sql.ref(k)} ${sql.raw(t.keyTypes[i] ?? "text")}`);
    const matches = t.key.map((k) => sql`${sql.ref(`${t.table}.${k}`)} = ${sql.ref(`v.${k}`)}`);
    await sql`update ${sql.table(t.table)} set met = v.met, not_applicable = v.not_applicable
      from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb)
        as v(${sql.join(columns)}, met text[], not_applicable jsonb)
      where ${sql.join(matches, sql` and `)}`.execute(db);
    const last = /** @type {any} */ (rows.at(-1));
    after = t.key.map((k) => last[k]);
    if (rows.length < CHUNK) return;
  }
}

/**
 * @param {any} row
 * @param {string[]} keys
 */
function pick(row, keys) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
