import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type pg from "pg";
import type { Database } from "./schema.js";

// Postgres parses and plans an unnamed statement on every call, a named one once per connection, which
// is most of the cost of a small indexed read. Kysely only sends unnamed statements, so the pool behind
// each database openDatabase opens is kept here for the few hot queries worth preparing.
const pools = new WeakMap<Kysely<Database>, QueryPool>();

/** What a prepared query needs of a pool: pg.Pool's query(config), or the budgeted pool's. */
export interface QueryPool {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/** Lets prepared queries on `db` run as named statements on `pool`, the pool `db` itself uses. */
export function usePreparedStatements(db: Kysely<Database>, pool: QueryPool): void {
  pools.set(db, pool);
}

export type PreparedQuery<A extends unknown[], O> = (db: Kysely<Database>, ...args: A) => Promise<O[]>;

/**
 * A query built and compiled once, then run with each call's arguments as the named prepared statement
 * `name` (as a plain query inside a transaction). `build` may use its arguments only as values, never
 * branch on them, so that every call has the same SQL text; and it selects named columns, not `*`,
 * because plans cached on open connections must survive a migration that adds a column.
 */
export function preparedQuery<A extends unknown[], O>(
  name: string,
  build: (db: Kysely<Database>, ...args: A) => Compilable<O>,
): PreparedQuery<A, O> {
  let statement: Statement<O> | undefined;
  return async (db, ...args) => {
    statement ??= compileOnce(name, args.length, (placeholders) => build(db, ...(placeholders as A)));
    const values = statement.bind(args);
    const pool = pools.get(db);
    if (!pool) return (await db.executeQuery<O>({ ...statement.compiled, parameters: values })).rows;
    return (await pool.query<O & pg.QueryResultRow>({ name, text: statement.compiled.sql, values })).rows;
  };
}

interface Statement<O> {
  compiled: CompiledQuery<O>;
  bind(args: readonly unknown[]): unknown[];
}

/** Stands for argument `index` while the query compiles; kysely passes it through as a parameter. */
class Placeholder {
  constructor(readonly index: number) {}
}

function compileOnce<O>(
  name: string,
  arity: number,
  build: (placeholders: Placeholder[]) => Compilable<O>,
): Statement<O> {
  const placeholders = Array.from({ length: arity }, (_, index) => new Placeholder(index));
  const compiled = build(placeholders).compile();
  const unused = placeholders.filter((p) => !compiled.parameters.includes(p));
  if (unused.length > 0) throw new Error(`Prepared query ${name} does not use argument ${unused[0]?.index}`);
  return {
    compiled,
    bind: (args) => compiled.parameters.map((p) => (p instanceof Placeholder ? args[p.index] : p)),
  };
}
