import type { LogEvent } from "kysely";

/** Statements that start alike, counted together: a query issued once per team would stand out. */
export interface QueryShape {
  sql: string;
  count: number;
  ms: number;
}

/** Kysely's `log` hook: counts every statement and adds up the time each took. */
export class QueryLog {
  private queries = 0;
  private failed = 0;
  private dbMs = 0;
  private readonly mix = new Map<string, { count: number; ms: number }>();
  private readonly all: { sql: string; ms: number }[] = [];

  add(event: LogEvent): void {
    const ms = event.queryDurationMillis;
    const sql = event.query.sql.replace(/\s+/g, " ").trim();
    this.queries++;
    if (event.level === "error") this.failed++;
    this.dbMs += ms;
    this.all.push({ sql: sql.slice(0, 160), ms });
    const shape = sql.slice(0, 60);
    const entry = this.mix.get(shape) ?? { count: 0, ms: 0 };
    this.mix.set(shape, { count: entry.count + 1, ms: entry.ms + ms });
  }

  summary(): {
    dbMs: number;
    queries: number;
    failedQueries: number;
    queryMix: QueryShape[];
    slowest: { sql: string; ms: number }[];
  } {
    return {
      dbMs: this.dbMs,
      queries: this.queries,
      failedQueries: this.failed,
      queryMix: [...this.mix]
        .map(([sql, e]) => ({ sql, ...e }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 12),
      slowest: [...this.all].sort((a, b) => b.ms - a.ms).slice(0, 5),
    };
  }
}
