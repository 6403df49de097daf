// GitHub's REST paging and the `created` filter of the workflow-runs list, as its docs describe them:
// `per_page` (default 30, at most 100), `page` (from 1), a Link header with next/last/first/prev.

export interface Page<T> {
  items: T[];
  link: string | undefined;
}

export function paginate<T>(all: T[], url: URL): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const at = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return u.toString();
  };
  const rels: string[] = [];
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
  return { items, link: rels.length ? rels.join(", ") : undefined };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether an ISO time matches GitHub's date qualifier (`>=2026-11-08`, `<2026-11-01`, `a..b`, or a day). */
export function createdMatches(filter: string, iso: string): boolean | "invalid" {
  const range = filter.split("..");
  if (range.length === 2) {
    const [from = "", to = ""] = range;
    if (!DAY.test(from) || !DAY.test(to)) return "invalid";
    return day(iso) >= from && day(iso) <= to;
  }
  const match = /^(>=|<=|>|<)?(.+)$/.exec(filter);
  const [, op = "", value = ""] = match ?? [];
  if (!DAY.test(value) && Number.isNaN(Date.parse(value))) return "invalid";
  // A bare day compares by day; a time compares by instant.
  const left = DAY.test(value) ? day(iso) : new Date(iso).toISOString();
  const right = DAY.test(value) ? value : new Date(value).toISOString();
  if (op === ">=") return left >= right;
  if (op === "<=") return left <= right;
  if (op === ">") return left > right;
  if (op === "<") return left < right;
  return left === right;
}

const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
