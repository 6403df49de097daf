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
  /** Rows of the table, or non-null values of the column. */
  readonly rows: number;
}

export async function rehearseDown(db: AnyDb, migration: Migration): Promise<Dropped[]> {
  const gone = await goneAfter(db, migration);
  const dropped: Dropped[] = [];
  for (const { table, column } of gone) {
    const counted = column === undefined ? sql`count(*)` : sql`count(${sql.ref(column)})`;
    const row = await sql<{ rows: string }>`select ${counted} as rows from ${sql.table(table)}`.execute(db);
    dropped.push({
      table,
      ...(column === undefined ? {} : { column }),
      rows: Number(row.rows[0]?.rows ?? 0),
    });
  }
  return dropped;
}

/** The tables, and columns of remaining tables, that exist before `down` and not after it. */
async function goneAfter(db: AnyDb, migration: Migration): Promise<{ table: string; column?: string }[]> {
  if (!migration.down) return [];
  const trx = await db.startTransaction().execute();
  try {
    const before = await tableColumns(trx);
    await migration.down(trx);
    const after = await tableColumns(trx);
    return [...before].flatMap(([table, columns]) => {
      const remaining = after.get(table);
      if (!remaining) return [{ table }];
      return [...columns].filter((column) => !remaining.has(column)).map((column) => ({ table, column }));
    });
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
