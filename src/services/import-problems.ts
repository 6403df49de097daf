// What the import says about a file it refuses: one line per kind of problem, with the lines of the file
// it is on, so a file whose 190 rows name a channel with no team reads as one line, not 190.

/** One problem on one line of the file; `detail` follows "line N" (", column x: …" or ": …"). */
export interface ImportProblem {
  readonly line: number;
  readonly detail: string;
}

/** Ranges listed before "…": a problem on every other line should not become a paragraph of numbers. */
const RANGES_SHOWN = 6;

/** Identical problems as one line each, in the order they first appear. */
export function groupProblems(problems: readonly ImportProblem[]): string[] {
  const lines = new Map<string, number[]>();
  for (const { line, detail } of problems) {
    const known = lines.get(detail);
    if (known) known.push(line);
    else lines.set(detail, [line]);
  }
  return [...lines].map(([detail, on]) => `${whichLines(on)}${detail}`);
}

function whichLines(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  if (sorted.length === 1) return `line ${sorted[0]}`;
  const ranges = runs(sorted).map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`));
  const listed =
    ranges.length > RANGES_SHOWN ? `${ranges.slice(0, RANGES_SHOWN).join(", ")}, …` : ranges.join(", ");
  return `lines ${listed} (${sorted.length} rows)`;
}

/** Consecutive numbers as [first, last] pairs. */
function runs(sorted: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** A byte on this line is not UTF-8: the file was saved in another encoding (Excel's plain "CSV"). */
export function notUtf8(line: number): ImportProblem {
  return {
    line,
    detail:
      ": the file is not UTF-8 text from here on (saved as Latin-1 or Windows-1252?); save it as CSV UTF-8 (in Excel: Save As › CSV UTF-8) and import it again",
  };
}

/** The parser's failure in our words; an unclosed quote is named at the row where it opened. */
export function unreadableCsv(error: unknown, rowStart: number): ImportProblem {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    return {
      line: rowStart,
      detail:
        ': a quote (") opens a cell here and is never closed, so the rest of the file reads as one cell; close it, or write a quote inside a cell as ""',
    };
  }
  const line = (error as { lines?: unknown } | null)?.lines;
  const reason = error instanceof Error ? error.message : String(error);
  return {
    line: typeof line === "number" ? line : rowStart,
    detail: `: the file is not valid CSV (${reason})`,
  };
}
