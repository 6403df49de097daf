// The columns of the history export and import, in order: one definition per column, with how its value is
// written and (for answers) read back. Adding a column is adding an entry here. The names are a public contract.
import { NOTE_MAX_LENGTH } from "./checkin.js";
import { evaluate } from "./evaluate.js";
import { cleanReason, mayBeNotApplicable, NA_REASON_MAX_LENGTH } from "./not-applicable.js";
import { isRole, ROLES, type Role } from "./roles.js";
import { CRITERION_IDS, type CriterionId, isCriterionId, type Level } from "./rubric.js";
import { CHANNEL_ID, USER_ID, WORKSPACE_ID } from "./slack-ids.js";
import { isValidLocalDate } from "./zoned-time.js";

/** A value as written: CSV writes it as text (null as an empty cell), JSON Lines as it is. */
export type Cell = string | number | null;

export interface Column<R> {
  readonly name: string;
  value(row: R): Cell;
}

/** One respondent's answer for one round. */
export interface AnswerRecord {
  readonly workspaceId: string;
  readonly channelId: string;
  /** The round's first day, YYYY-MM-DD, in the team's time zone. */
  readonly round: string;
  readonly userId: string;
  readonly role: Role | null;
  readonly met: ReadonlySet<CriterionId>;
  /** Practices the person says do not apply to the team, with their reason. */
  readonly notApplicable: ReadonlyMap<CriterionId, string>;
  readonly note: string | null;
  /** Given with "Nothing changed": the previous answer repeated. */
  readonly confirmedUnchanged: boolean;
}

/** An answer being read from a file, cell by cell. */
export interface AnswerDraft {
  workspaceId?: string;
  channelId?: string;
  round?: string;
  userId?: string;
  role?: Role | null;
  met: Set<CriterionId>;
  /** Criteria whose cell says `na`. */
  notApplicable: Set<CriterionId>;
  /** The na_reasons cell, read. */
  reasons: Map<CriterionId, string>;
  note?: string | null;
  confirmedUnchanged?: boolean;
}

export interface AnswerColumn extends Column<AnswerRecord> {
  /** A file may leave it out (files exported before it existed): the draft keeps its default. */
  readonly optional?: boolean;
  /** Reads the cell into the draft; returns what is wrong with it, or null. */
  read(cell: string, draft: AnswerDraft): string | null;
}

function idColumn(
  name: string,
  pattern: RegExp,
  what: string,
  key: "workspaceId" | "channelId" | "userId",
): AnswerColumn {
  return {
    name,
    value: (row) => row[key],
    read: (cell, draft) => {
      if (!pattern.test(cell)) return `${quote(cell)} is not ${what}`;
      draft[key] = cell;
      return null;
    },
  };
}

function criterionColumn(id: CriterionId): AnswerColumn {
  return {
    name: id,
    value: (row) => (row.notApplicable.has(id) ? NA : row.met.has(id) ? 1 : 0),
    read: (cell, draft) => {
      if (cell === "1") draft.met.add(id);
      else if (cell === NA && mayBeNotApplicable(id)) draft.notApplicable.add(id);
      else if (cell !== "0")
        return mayBeNotApplicable(id)
          ? `${quote(cell)} is not 1 (in place), 0 (not in place) or na (not applicable)`
          : `${quote(cell)} is not 1 (in place) or 0 (not in place)`;
      return null;
    },
  };
}

export const ANSWER_COLUMNS: readonly AnswerColumn[] = [
  idColumn("workspace_id", WORKSPACE_ID, "a Slack workspace id (T…)", "workspaceId"),
  idColumn("channel_id", CHANNEL_ID, "a Slack channel id (C… or G…)", "channelId"),
  {
    name: "round",
    value: (row) => row.round,
    read: (cell, draft) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(cell) || !isValidLocalDate(cell)) {
        return `${quote(cell)} is not a date written YYYY-MM-DD`;
      }
      draft.round = cell;
      return null;
    },
  },
  idColumn("user_id", USER_ID, "a Slack user id (U… or W…)", "userId"),
  {
    name: "role",
    value: (row) => row.role ?? "",
    read: (cell, draft) => {
      if (cell !== "" && !isRole(cell))
        return `${quote(cell)} is not a role: use one of ${ROLES.join(", ")}, or leave it empty`;
      draft.role = cell === "" ? null : (cell as Role);
      return null;
    },
  },
  ...CRITERION_IDS.map(criterionColumn),
  {
    name: "note",
    value: (row) => row.note ?? "",
    read: (cell, draft) => {
      if (cell.length > NOTE_MAX_LENGTH)
        return `is ${cell.length} characters long; a note may have ${NOTE_MAX_LENGTH}`;
      draft.note = cell === "" ? null : cell;
      return null;
    },
  },
  {
    name: "confirmed_unchanged",
    optional: true,
    value: (row) => (row.confirmedUnchanged ? 1 : 0),
    read: (cell, draft) => {
      if (cell !== "1" && cell !== "0") return `${quote(cell)} is not 1 (nothing changed) or 0`;
      draft.confirmedUnchanged = cell === "1";
      return null;
    },
  },
  {
    name: "na_reasons",
    optional: true,
    value: (row) => [...row.notApplicable].map(([id, reason]) => `${id}: ${reason}`).join("\n"),
    read: (cell, draft) => {
      for (const line of cell.split(/\r?\n/).filter((l) => l.trim() !== "")) {
        const match = /^([a-z_]+):(.*)$/.exec(line);
        const id = match?.[1] ?? "";
        const reason = cleanReason(match?.[2] ?? "");
        if (!match || !isCriterionId(id))
          return `${quote(line)} is not a criterion id, a colon and a reason (one per line)`;
        if (reason === "") return `${id} has no reason`;
        if ((match[2] ?? "").trim().length > NA_REASON_MAX_LENGTH)
          return `the reason for ${id} is longer than ${NA_REASON_MAX_LENGTH} characters`;
        draft.reasons.set(id, reason);
      }
      return null;
    },
  },
];

/** The cell that says a practice does not apply to the team. */
const NA = "na";

/** What is wrong across columns: every `na` needs a reason in na_reasons, and every reason an `na`. */
export function answerProblems(draft: AnswerDraft): string[] {
  const withoutReason = [...draft.notApplicable].filter((id) => !draft.reasons.has(id));
  const withoutNa = [...draft.reasons.keys()].filter((id) => !draft.notApplicable.has(id));
  return [
    ...withoutReason.map((id) => `column ${id}: is na, and na_reasons gives no reason for it`),
    ...withoutNa.map((id) => `column na_reasons: gives a reason for ${id}, whose cell is not na`),
  ];
}

/** A new, empty draft. */
export function emptyDraft(): AnswerDraft {
  return { met: new Set(), notApplicable: new Set(), reasons: new Map() };
}

/** The draft as a record, once every column has been read without a problem. */
export function answerRecord(draft: AnswerDraft): AnswerRecord | null {
  const { workspaceId, channelId, round, userId } = draft;
  if (!workspaceId || !channelId || !round || !userId) return null;
  return {
    workspaceId,
    channelId,
    round,
    userId,
    role: draft.role ?? null,
    met: draft.met,
    notApplicable: new Map([...draft.notApplicable].map((id) => [id, draft.reasons.get(id) ?? ""])),
    note: draft.note ?? null,
    confirmedUnchanged: draft.confirmedUnchanged ?? false,
  };
}

/** A team's result for one closed round. */
export interface LevelRecord {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly teamName: string;
  readonly round: string;
  /** Null when nobody answered. */
  readonly level: Level | null;
  readonly met: readonly CriterionId[];
  readonly respondents: number;
  readonly answered: number;
  readonly disputed: readonly CriterionId[];
  /** Practices the team said do not apply (counted as in place). */
  readonly notApplicable: readonly CriterionId[];
  /** The groups the team is in now, by name. */
  readonly groups: readonly string[];
}

export const LEVEL_COLUMNS: readonly Column<LevelRecord>[] = [
  { name: "workspace_id", value: (r) => r.workspaceId },
  { name: "channel_id", value: (r) => r.channelId },
  { name: "team_name", value: (r) => r.teamName },
  { name: "round", value: (r) => r.round },
  { name: "level", value: (r) => r.level },
  { name: "next_prerequisite", value: (r) => (r.level === null ? null : evaluate(new Set(r.met)).next) },
  { name: "respondents", value: (r) => r.respondents },
  { name: "answered", value: (r) => r.answered },
  { name: "disputed", value: (r) => r.disputed.join(";") },
  { name: "not_applicable", value: (r) => r.notApplicable.join(";") },
  { name: "groups", value: (r) => r.groups.join(";") },
];

/** One evidence signal as a team sees it, with a practice it stands behind (or none). */
export interface EvidenceRecord {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly source: string;
  readonly kind: string;
  readonly criterion: string | null;
  readonly verdict: string | null;
  readonly occurredAt: Date;
  readonly url: string | null;
}

export const EVIDENCE_COLUMNS: readonly Column<EvidenceRecord>[] = [
  { name: "workspace", value: (row) => row.workspaceId },
  { name: "channel", value: (row) => row.channelId },
  { name: "source", value: (row) => row.source },
  { name: "kind", value: (row) => row.kind },
  { name: "criterion", value: (row) => row.criterion },
  { name: "verdict", value: (row) => row.verdict },
  { name: "occurred_at", value: (row) => row.occurredAt.toISOString() },
  { name: "url", value: (row) => row.url },
];

/**
 * A CSV cell a spreadsheet would not run as a formula: one that begins with =, +, -, @, a tab or a carriage
 * return, after any apostrophes, gets one more apostrophe in front (OWASP's advice). Counting the apostrophes
 * already there lets formulaRestored undo exactly this, so export → import → export stays identical.
 */
export function formulaSafe(cell: Cell): Cell {
  return typeof cell === "string" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A cell read from a CSV file with the apostrophe formulaSafe added taken off again. */
export function formulaRestored(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A row as the ordered values of its columns. */
export function cells<R>(columns: readonly Column<R>[], row: R): Cell[] {
  return columns.map((c) => c.value(row));
}

/** A row as an object keyed by column name, for JSON Lines. */
export function fields<R>(columns: readonly Column<R>[], row: R): Record<string, Cell> {
  return Object.fromEntries(columns.map((c) => [c.name, c.value(row)]));
}

function quote(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 39)}…` : cell);
}
