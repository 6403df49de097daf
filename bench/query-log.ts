import type { LogEvent } from "kysely";

/** Statements that start alike, counted together: a query issued once per team would stand out. */
export interface QueryShape {
  sql: string;
  count: number;
  ms: number;
}

/**
 * A claim or an outcome: written as each message goes out (group-committed with whatever else is being
 * written then), so their number follows the messages and the timing, not the teams' reads.
 */
function isOutboxWrite(event: LogEvent, sql: string): boolean {
  if (sql.startsWith("update deliveries as d")) return true; // outcomes, retries, takeovers
  return sql.startsWith('insert into "deliveries"') && event.query.parameters.includes("claimed");
}

/** Kysely's `log` hook: counts every statement and adds up the time each took. */
export class QueryLog {
  private queries = 0;
  private outboxWrites = 0;
  private failed = 0;
  private dbMs = 0;
  private readonly mix = new Map<string, { count: number; ms: number }>();
  private readonly all: { sql: string; ms: number }[] = [];

  add(event: LogEvent): void {
    const ms = event.queryDurationMillis;
    const sql = event.query.sql.replace(/\s+/g, " ").trim();
    if (isOutboxWrite(event, sql)) this.outboxWrites++;
    else this.queries++;
    if (event.level === "error") this.failed++;
    this.dbMs += ms;
    this.all.push({ sql: sql.slice(0, 160), ms });
    const shape = sql.slice(0, 60);
    const entry = this.mix.get(shape) ?? { count: 0, ms: 0 };
    this.mix.set(shape, { count: entry.count + 1, ms: entry.ms + ms });
  }

  summary(): {
    dbMs: number;
    /** Statements other than the claims and outcomes of messages. */
    queries: number;
    outboxWrites: number;
    failedQueries: number;
    queryMix: QueryShape[];
    slowest: { sql: string; ms: number }[];
  } {
    return {
      dbMs: this.dbMs,
      queries: this.queries,
      outboxWrites: this.outboxWrites,
      failedQueries: this.failed,
      queryMix: [...this.mix]
        .map(([sql, e]) => ({ sql, ...e }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 12),
      slowest: [...this.all].sort((a, b) => b.ms - a.ms).slice(0, 5),
    };
  }
}
