// The history import: the answers export read back, in one transaction. The file streams through a chunk of
// rows at a time: each is checked, and stored while no problem has shown (a respondent's answer for a round
// replaces the one before); on any problem the transaction is rolled back, so nothing is kept, and every
// problem of the file is listed. Then every closed round the answers touch gets its snapshot as the scheduler
// would have written it. Nothing is posted to Slack.
import { pipeline, type Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Kysely } from "kysely";
import { saveRoles, teamsInChannels, upsertAnswers } from "../db/import.js";
import type { Database, MlTeam } from "../db/schema.js";
import { scheduleOf } from "../db/teams.js";
import { periodAt, roundAt, zonedInstant } from "../domain/calendar.js";
import {
  ANSWER_COLUMNS,
  type AnswerDraft,
  type AnswerRecord,
  answerProblems,
  answerRecord,
  emptyDraft,
  formulaRestored,
} from "../domain/export-columns.js";
import { type StoredAnswer, storedAnswer } from "../domain/not-applicable.js";
import type { Role } from "../domain/roles.js";
import { CRITERION_IDS } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import { decodedText, NotUtf8 } from "./import-encoding.js";
import { groupProblems, type ImportProblem, notUtf8, unreadableCsv } from "./import-problems.js";
import { reevaluateClosedRounds } from "./reevaluate.js";

/** Groups of problems listed before "…and N more". */
export const PROBLEMS_SHOWN = 50;

export type ImportOutcome =
  | {
      readonly kind: "imported";
      readonly teams: number;
      readonly rounds: number;
      readonly answers: number;
      readonly replaced: number;
      readonly reevaluated: number;
    }
  | {
      readonly kind: "invalid";
      /** One line per kind of problem, with the lines of the file it is on (at most PROBLEMS_SHOWN). */
      readonly problems: readonly string[];
      /** Every problem, counted one per line of the file. */
      readonly total: number;
      /** Kinds of problem beyond those listed. */
      readonly more: number;
    };

/**
 * A row read, held only until its chunk is written: a file may hold years of history (200,000 rows must fit
 * a 512 MB container). Its answer is kept as stored.
 */
interface Row {
  readonly line: number;
  readonly record: Omit<AnswerRecord, "met" | "notApplicable">;
  readonly answer: StoredAnswer;
}

export async function importAnswers(ctx: ServiceContext, source: Readable): Promise<ImportOutcome> {
  const problems: Problems = { read: [], check: [], repeats: [] };
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const writer = answerWriter(trx, ctx.clock());
      const take = chunkTaker(trx, ctx.clock(), problems, writer);
      let chunk: Row[] = [];
      for await (const row of readRows(source, problems.read)) {
        chunk.push(row);
        if (chunk.length < WRITE_CHUNK) continue;
        await take(chunk);
        chunk = [];
      }
      await take(chunk);
      if (count(problems) > 0) throw new RolledBack();
      return await writer.finish();
    });
  } catch (err) {
    if (err instanceof RolledBack) return invalid(problems);
    throw err;
  }
}

/** Problems as the import lists them: what reading found, then teams and rounds, then repeated answers. */
interface Problems {
  readonly read: ImportProblem[];
  readonly check: ImportProblem[];
  readonly repeats: ImportProblem[];
}

const count = (p: Problems) => p.read.length + p.check.length + p.repeats.length;

/** Thrown to undo what the import wrote before it found a problem. */
class RolledBack extends Error {}

function invalid(problems: Problems): ImportOutcome {
  const all = [...problems.read, ...problems.check, ...problems.repeats];
  const groups = groupProblems(all);
  return {
    kind: "invalid",
    problems: groups.slice(0, PROBLEMS_SHOWN),
    total: all.length,
    more: Math.max(0, groups.length - PROBLEMS_SHOWN),
  };
}

/** Rows read so far are checked a chunk at a time, and written while the file has shown no problem. */
function chunkTaker(trx: Kysely<Database>, now: Date, problems: Problems, writer: AnswerWriter) {
  const teams = teamCache(trx);
  const check = rowChecker(teams.known, now, problems.check);
  const repeated = repeatFinder(problems.repeats);
  return async (chunk: readonly Row[]): Promise<void> => {
    await teams.lookUp(chunk);
    const accepted = chunk.filter(check).filter((row) => !repeated(row));
    if (count(problems) === 0) await writer.write(accepted, teams.known);
  };
}

async function* readRows(source: Readable, problems: ImportProblem[]): AsyncGenerator<Row> {
  // The line each record the parser finished ends on, oldest first, taken off as the loop below reads it
  // (the parser's `info` option would build a second object of statistics for every record: a tenth of the
  // CPU of reading a large file). The last of them: an unclosed quote opened on a later line.
  const ends: number[] = [];
  let parsedUpTo = 0;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record, context) => {
      parsedUpTo = context.lines;
      ends.push(context.lines);
      return record;
    },
  });
  // A failure of the file or of its text (not UTF-8) reaches the parser, and so the loop below.
  pipeline(decodedText(source), parser, () => {});
  let read: RowReader | null = null;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      // A record ends on its line; one whose note holds line breaks started that many lines earlier.
      const line = (ends.shift() ?? parsedUpTo) - lineBreaks(record);
      if (read === null) {
        problems.push(...headerProblems(record));
        if (problems.length > 0) return;
        read = rowReader(record);
        continue;
      }
      const row = read(record, line, problems);
      if (row) yield row;
    }
  } catch (err) {
    problems.push(err instanceof NotUtf8 ? notUtf8(err.line) : unreadableCsv(err, parsedUpTo + 1));
  }
  if (read === null && problems.length === 0)
    problems.push({ line: 1, detail: ": the file is empty; it needs the header row of the answers export" });
}

const COLUMN_NAMES = ANSWER_COLUMNS.map((c) => c.name).join(",");

function headerProblems(header: readonly string[]): ImportProblem[] {
  const separator = otherSeparator(header);
  if (separator) return [{ line: 1, detail: `: this file uses '${separator}' — export it with commas` }];
  const known = new Set(ANSWER_COLUMNS.map((c) => c.name));
  const problems = header.flatMap((name, i): ImportProblem[] => {
    if (!known.has(name)) {
      // A criterion id misspelt, or a column this version does not know: either way the file cannot be read.
      return [
        {
          line: 1,
          detail: `, column ${JSON.stringify(name)}: unknown column; the answers export has ${COLUMN_NAMES}`,
        },
      ];
    }
    return header.indexOf(name) === i ? [] : [{ line: 1, detail: `, column ${name}: appears twice` }];
  });
  const missing = ANSWER_COLUMNS.filter((c) => !c.optional && !header.includes(c.name)).map(
    (c): ImportProblem => ({ line: 1, detail: `: missing column ${c.name}` }),
  );
  return [...problems, ...missing];
}

/** The separator of a header that reads as one cell holding our column names split by something else. */
function otherSeparator(header: readonly string[]): string | undefined {
  if (header.length !== 1) return undefined;
  return [";", "\t", "|"].find((separator) => (header[0] ?? "").split(separator).includes("workspace_id"));
}

function lineBreaks(record: readonly string[]): number {
  let count = 0;
  for (const cell of record)
    for (let at = cell.indexOf("\n"); at !== -1; at = cell.indexOf("\n", at + 1)) count++;
  return count;
}

type RowReader = (record: readonly string[], line: number, problems: ImportProblem[]) => Row | null;

/** Reads the rows under `header`: where each column is, found once for the file rather than once a row. */
function rowReader(header: readonly string[]): RowReader {
  const columns = ANSWER_COLUMNS.map((column) => ({ column, at: header.indexOf(column.name) })).filter(
    ({ column, at }) => at !== -1 || !column.optional,
  );
  return (record, line, problems) => {
    if (record.length !== header.length) {
      problems.push({ line, detail: `: has ${record.length} cells where the header has ${header.length}` });
      return null;
    }
    const draft: AnswerDraft = emptyDraft();
    let ok = true;
    for (const { column, at } of columns) {
      const problem = column.read(formulaRestored(record[at] ?? ""), draft);
      if (problem) {
        problems.push({ line, detail: `, column ${column.name}: ${problem}` });
        ok = false;
      }
    }
    if (ok) {
      const across = answerProblems(draft);
      problems.push(...across.map((problem) => ({ line, detail: `, ${problem}` })));
      ok = across.length === 0;
    }
    const answer = ok ? answerRecord(draft) : null;
    if (!answer) return null;
    const { met, notApplicable, ...read } = answer;
    return {
      line,
      record: read,
      answer: storedAnswer(
        CRITERION_IDS.filter((id) => met.has(id)),
        notApplicable,
      ),
    };
  };
}

const pairKey = (workspaceId: string, channelId: string) => `${workspaceId}/${channelId}`;

/** The teams of the file's (workspace, channel) pairs, looked up as rows naming new pairs arrive. */
function teamCache(db: Kysely<Database>) {
  const known = new Map<string, MlTeam>();
  const asked = new Set<string>();
  const lookUp = async (rows: readonly Row[]): Promise<void> => {
    const pairs = new Map<string, { teamId: string; channelId: string }>();
    for (const { record: r } of rows) {
      const key = pairKey(r.workspaceId, r.channelId);
      if (!asked.has(key)) pairs.set(key, { teamId: r.workspaceId, channelId: r.channelId });
    }
    for (const key of pairs.keys()) asked.add(key);
    for (const team of await teamsInChannels(db, [...pairs.values()]))
      known.set(pairKey(team.team_id, team.channel_id), team);
  };
  return { known: known as ReadonlyMap<string, MlTeam>, lookUp };
}

/** The row's team is set up, and its round is one of the team's rounds that has started. */
function rowChecker(teams: ReadonlyMap<string, MlTeam>, now: Date, problems: ImportProblem[]) {
  // A file holds the same few thousand rounds on every line of each: each is judged once, not once per line.
  const judged = new Map<string, string | null>();
  return ({ line, record }: Row): boolean => {
    const team = teams.get(pairKey(record.workspaceId, record.channelId));
    if (!team) {
      problems.push({
        line,
        detail: `, columns workspace_id and channel_id: no ML team is set up in channel ${record.channelId} of workspace ${record.workspaceId}; run /mlops setup in that channel first`,
      });
      return false;
    }
    const key = `${team.id}:${record.round}`;
    let detail = judged.get(key);
    if (detail === undefined) {
      detail = roundProblem(team, record.round, now);
      judged.set(key, detail);
    }
    if (detail !== null) problems.push({ line, detail });
    return detail === null;
  };
}

/** Why `round` cannot take answers of `team`, or null when it is one of the team's rounds that has started. */
function roundProblem(team: MlTeam, round: string, now: Date): string | null {
  const schedule = scheduleOf(team);
  const current = periodAt(schedule, now);
  if (round > current)
    return `, column round: ${round} is in the future; the team's current round started ${current}`;
  const start = roundAt(schedule, zonedInstant(round, "00:00", schedule.timeZone)).period;
  if (start !== round)
    return `, column round: ${round} is not the first day of one of ${JSON.stringify(team.name)}'s ${schedule.cadence} rounds; that round started ${start}`;
  return null;
}

/** Whether a row repeats the answer of an earlier one (same team, round and person), noted as a problem. */
function repeatFinder(problems: ImportProblem[]) {
  const seen = new Map<string, number>();
  return ({ line, record: r }: Row): boolean => {
    const key = `${pairKey(r.workspaceId, r.channelId)}/${r.round}/${r.userId}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, line);
      return false;
    }
    problems.push({
      line,
      detail: `: ${r.userId} already has an answer for the round of ${r.round} on line ${first}`,
    });
    return true;
  };
}

type AnswerWriter = ReturnType<typeof answerWriter>;

/** Writes accepted rows a chunk at a time, remembering what the summary and the closed rounds need. */
function answerWriter(trx: Kysely<Database>, now: Date) {
  const rounds = new Map<string, { mlTeamId: number; teamId: string; period: string; team: MlTeam }>();
  const roles = new Map<string, LatestRole>();
  let answers = 0;
  let inserted = 0;
  const write = async (rows: readonly Row[], teams: ReadonlyMap<string, MlTeam>): Promise<void> => {
    const chunk = rows.map(({ record: r, answer }) => {
      const team = teams.get(pairKey(r.workspaceId, r.channelId)) as MlTeam;
      rounds.set(`${team.id}:${r.round}`, { mlTeamId: team.id, teamId: team.team_id, period: r.round, team });
      noteRole(roles, team.team_id, r);
      return {
        mlTeamId: team.id,
        teamId: team.team_id,
        period: r.round,
        userId: r.userId,
        ...answer,
        note: r.note,
        confirmedUnchanged: r.confirmedUnchanged,
      };
    });
    answers += chunk.length;
    inserted += await upsertAnswers(trx, chunk, now);
  };
  const finish = async (): Promise<ImportOutcome> => {
    await saveRoles(trx, [...roles.values()], now);
    const closed = [...rounds.values()].filter((r) => r.period < periodAt(scheduleOf(r.team), now));
    const reevaluated = await reevaluateClosedRounds(
      trx,
      closed.map((r) => ({ mlTeamId: r.mlTeamId, teamId: r.teamId, period: r.period })),
      now,
    );
    return {
      kind: "imported",
      teams: new Set([...rounds.values()].map((r) => r.mlTeamId)).size,
      rounds: rounds.size,
      answers,
      replaced: answers - inserted,
      reevaluated,
    };
  };
  return { write, finish };
}

/** Rows checked and written at a time: few enough that the file is never held whole. */
const WRITE_CHUNK = 1_000;

interface LatestRole {
  readonly teamId: string;
  readonly userId: string;
  readonly role: Role;
  readonly round: string;
}

/** Each person's role as of their latest round in the file that names one. */
function noteRole(roles: Map<string, LatestRole>, teamId: string, r: Row["record"]): void {
  if (r.role === null) return;
  const key = `${teamId}/${r.userId}`;
  const known = roles.get(key);
  if (!known || r.round >= known.round)
    roles.set(key, { teamId, userId: r.userId, role: r.role, round: r.round });
}
