// What reverting a migration would throw away, found by running its `down` inside a transaction that is
// rolled back: the tables and columns it drops, with how many rows (or values) they hold. Migrations are
// frozen, so this asks the database rather than trusting a list kept beside each one.
import { type Kysely, type Migration, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema, by design (frozen, typed loosely)
type AnyDb = Kysely<any>;

/** A table, or one column of a table that stays, that the migration's `down` drops. */
export interface Dropped {
  readonly table: string;
  readonly column?: string;
  /** Rows of the table, or non-null values of the column that the `down` does not carry over. */
  readonly rows: number;
}

interface Gone {
  table: string;
  column?: string;
}

export async function rehearseDown(db: AnyDb, migration: Migration): Promise<Dropped[]> {
  const dropped: Dropped[] = [];
  for (const { table, column } of await goneAfter(db, migration)) {
    const counted = column === undefined ? sql`count(*)` : sql`count(${sql.ref(column)})`;
    const row = await sql<{ rows: string }>`select ${counted} as rows from ${sql.table(table)}`.execute(db);
    dropped.push({
      table,
      ...(column === undefined ? {} : { column }),
      rows: Number(row.rows[0]?.rows ?? 0),
    });
  }
  // Only columns holding values are worth a second rehearsal.
  const filled = dropped.filter((d): d is Required<Dropped> => d.column !== undefined && d.rows > 0);
  const carried = filled.length === 0 ? new Map() : await carriedOver(db, migration, filled);
  return dropped.map((d) => ({ ...d, rows: d.rows - (carried.get(`${d.table}.${d.column}`) ?? 0) }));
}

/** The tables, and columns of remaining tables, that exist before `down` and not after it. */
async function goneAfter(db: AnyDb, migration: Migration): Promise<Gone[]> {
  if (!migration.down) return [];
  return rolledBack(db, async (trx) => {
    const before = await tableColumns(trx);
    await migration.down?.(trx);
    const after = await tableColumns(trx);
    return [...before].flatMap(([table, columns]) => {
      const remaining = after.get(table);
      if (!remaining) return [{ table }];
      return [...columns].filter((column) => !remaining.has(column)).map((column) => ({ table, column }));
    });
  });
}

/**
 * Of each dropped column's values, how many the `down` carries over: their row is still there (by primary key)
 * and the `down` rewrote its other columns, as a down that moves a column's data back where it came from does.
 * A table without a primary key carries nothing: all its values count as dropped.
 */
async function carriedOver(
  db: AnyDb,
  migration: Migration,
  gone: readonly Gone[],
): Promise<Map<string, number>> {
  const columns = gone.filter((g): g is Required<Gone> => g.column !== undefined);
  if (columns.length === 0 || !migration.down) return new Map();
  return rolledBack(db, async (trx) => {
    const tables = await tableColumns(trx);
    const keys = await primaryKeys(trx);
    const kept: { gone: Required<Gone>; copy: string; key: string[]; others: string[] }[] = [];
    for (const [i, g] of columns.entries()) {
      const key = keys.get(g.table) ?? [];
      const others = [...(tables.get(g.table) ?? [])].filter((c) => c !== g.column && !key.includes(c));
      if (key.length === 0 || others.length === 0) continue;
      const copy = `rehearsal_${i}`;
      await sql`create temporary table ${sql.table(copy)} as select * from ${sql.table(g.table)}
        where ${sql.ref(g.column)} is not null`.execute(trx);
      kept.push({ gone: g, copy, key, others });
    }
    await migration.down?.(trx);
    const carried = new Map<string, number>();
    for (const { gone: g, copy, key, others } of kept) {
      const row = (alias: string, names: string[]) => sql.join(names.map((n) => sql.ref(`${alias}.${n}`)));
      const { rows } = await sql<{ n: string }>`select count(*) as n
        from ${sql.table(copy)} as b join ${sql.table(g.table)} as a on (${row("a", key)}) = (${row("b", key)})
        where (${row("a", others)}) is distinct from (${row("b", others)})`.execute(trx);
      carried.set(`${g.table}.${g.column}`, Number(rows[0]?.n ?? 0));
    }
    return carried;
  });
}

async function rolledBack<T>(db: AnyDb, work: (trx: AnyDb) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    return await work(trx);
  } finally {
    await trx.rollback().execute();
  }
}

// Kysely's own bookkeeping tables are the migrator's business, not data a person would miss.
async function tableColumns(db: AnyDb): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name not like 'kysely\\_%'
    order by table_name, ordinal_position`.execute(db);
  const tables = new Map<string, Set<string>>();
  for (const { table_name, column_name } of rows) {
    tables.set(table_name, (tables.get(table_name) ?? new Set()).add(column_name));
  }
  return tables;
}

async function primaryKeys(db: AnyDb): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select k.table_name, k.column_name from information_schema.table_constraints c
    join information_schema.key_column_usage k
      on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema and k.table_name = c.table_name
    where c.table_schema = current_schema() and c.constraint_type = 'PRIMARY KEY'
    order by k.table_name, k.ordinal_position`.execute(db);
  const keys = new Map<string, string[]>();
  for (const { table_name, column_name } of rows)
    keys.set(table_name, [...(keys.get(table_name) ?? []), column_name]);
  return keys;
}
