// The part of MLflow's search grammar the bot uses, checked as strictly as the tracking server checks it:
// anything else is refused with INVALID_PARAMETER_VALUE (HTTP 400) instead of being silently ignored.
// Runs: `attributes.start_time > 1700000000000` clauses (also end_time; =, !=, >, >=, <, <=) joined by AND.
// Model versions: `name = 'my-model'`.

/** An error the tracking server answers with: its HTTP status and MLflow's error body. */
export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export function invalidParameter(message: string): MlflowApiError {
  return new MlflowApiError(400, "INVALID_PARAMETER_VALUE", message);
}

type Comparator = "=" | "!=" | ">" | ">=" | "<" | "<=";
export interface TimeClause {
  readonly key: "start_time" | "end_time";
  readonly comparator: Comparator;
  readonly value: number;
}

// `attributes.`, `attribute.`, `attr.` and `run.` all name a run's attributes in MLflow's grammar.
const TIME_CLAUSE =
  /^\s*(?:attributes|attribute|attr|run)\.(start_time|end_time)\s*(!=|>=|<=|=|>|<)\s*(\d{1,16})\s*$/i;

/** The clauses of a runs/search filter; an empty filter matches every run. */
export function parseRunFilter(filter: string | undefined): TimeClause[] {
  if (filter === undefined || filter.trim() === "") return [];
  return filter.split(/\s+and\s+/i).map((clause) => {
    const match = TIME_CLAUSE.exec(clause);
    if (!match)
      throw invalidParameter(
        `Unsupported filter clause '${clause.trim()}' (the fake knows attributes.start_time and end_time comparisons)`,
      );
    return {
      key: match[1]?.toLowerCase() as TimeClause["key"],
      comparator: match[2] as Comparator,
      value: Number(match[3]),
    };
  });
}

export function matchesClause(value: number | undefined, clause: TimeClause): boolean {
  if (value === undefined) return false;
  switch (clause.comparator) {
    case "=":
      return value === clause.value;
    case "!=":
      return value !== clause.value;
    case ">":
      return value > clause.value;
    case ">=":
      return value >= clause.value;
    case "<":
      return value < clause.value;
    case "<=":
      return value <= clause.value;
  }
}

const NAME_FILTER = /^\s*name\s*=\s*(?:'([^']*)'|"([^"]*)")\s*$/i;

/** The model name of a model-versions/search filter; undefined (every version) when there is no filter. */
export function parseVersionFilter(filter: string | undefined): string | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = NAME_FILTER.exec(filter);
  if (!match)
    throw invalidParameter(`Unsupported model version filter '${filter}' (the fake knows name = '…')`);
  return match[1] ?? match[2];
}

export interface Ordering<T> {
  readonly compare: (a: T, b: T) => number;
}

/** order_by entries such as `attributes.start_time DESC`, over the keys `columns` allows. */
export function parseOrderBy<T>(
  orderBy: readonly string[],
  columns: Readonly<Record<string, (item: T) => number | string>>,
  tiebreak: (a: T, b: T) => number,
): (a: T, b: T) => number {
  const keys = orderBy.map((entry) => {
    const match = /^\s*(?:(?:attributes|attribute|attr|run)\.)?(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(entry);
    const read = match?.[1] ? columns[match[1].toLowerCase()] : undefined;
    if (!match || !read) throw invalidParameter(`Unsupported order_by entry '${entry}'`);
    return { read, sign: match[2]?.toUpperCase() === "DESC" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { read, sign } of keys) {
      const x = read(a);
      const y = read(b);
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return tiebreak(a, b);
  };
}

/** MLflow's page tokens are base64 of `{"offset": n}`; the fake's are too, and equally opaque to clients. */
export function pageTokenFor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

export function offsetOf(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw invalidParameter("page_token is not a token this server handed out");
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameter("page_token is not a token this server handed out");
  }
  return offset;
}

/** One page of `items` from the token's offset, and the token of the next page when there is more. */
export function page<T>(
  items: readonly T[],
  maxResults: number,
  token: string | undefined,
): { items: T[]; next: string | undefined } {
  const offset = offsetOf(token);
  const slice = items.slice(offset, offset + maxResults);
  const end = offset + slice.length;
  return { items: slice, next: end < items.length ? pageTokenFor(end) : undefined };
}

/** max_results as a whole number from 1 to `limit` (the default when absent). */
export function maxResults(value: unknown, fallback: number, limit: number): number {
  if (value === undefined || value === null || value === "") return fallback;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw invalidParameter(`max_results must be a whole number of at least 1; got ${String(value)}`);
  }
  if (n > limit) {
    throw invalidParameter(`max_results must be at most ${limit}; got ${n}`);
  }
  return n;
}
