// The history import: the answers export read back. Everything is checked first; on any problem nothing is
// written. Then, in one transaction, answers are stored (a respondent's answer for a round replaces the one
// before) and every closed round they touch gets its snapshot as the scheduler would have written it. Nothing
// is posted to Slack.
import { pipeline, type Readable } from "node:stream";
import { parse } from "csv-parse";
import { saveRoles, teamsInChannels, upsertAnswers } from "../db/import.js";
import type { MlTeam } from "../db/schema.js";
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
 * A row read, held until every row is checked: compact, since a file may hold years of history (200,000 rows
 * must fit a 512 MB container). Its answer is kept as stored, and its repeated ids share one string each.
 */
interface Row {
  readonly line: number;
  readonly record: Omit<AnswerRecord, "met" | "notApplicable">;
  readonly answer: StoredAnswer;
}

export async function importAnswers(ctx: ServiceContext, source: Readable): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const rows = await readRows(source, problems);
  const teams = await teamsOf(ctx, rows);
  const now = ctx.clock();
  const accepted = rows.filter(rowChecker(teams, now, problems));
  findRepeats(accepted, problems);
  if (problems.length > 0) {
    const groups = groupProblems(problems);
    return {
      kind: "invalid",
      problems: groups.slice(0, PROBLEMS_SHOWN),
      total: problems.length,
      more: Math.max(0, groups.length - PROBLEMS_SHOWN),
    };
  }
  return write(ctx, accepted, teams, now);
}

async function readRows(source: Readable, problems: ImportProblem[]): Promise<Row[]> {
  // The last line of the last record the parser finished: an unclosed quote opened on a later line.
  let parsedUpTo = 0;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    on_record: (record, context) => {
      parsedUpTo = context.lines;
      return record;
    },
  });
  // A failure of the file or of its text (not UTF-8) reaches the parser, and so the loop below.
  pipeline(decodedText(source), parser, () => {});
  const rows: Row[] = [];
  const shared = sharedStrings();
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // A record ends on info.lines; one whose note holds line breaks started that many lines earlier.
      const line = info.lines - (record.join("").match(/\n/g)?.length ?? 0);
      if (header === null) {
        header = record;
        problems.push(...headerProblems(header));
        if (problems.length > 0) return [];
        continue;
      }
      const row = readRow(header, record, line, problems, shared);
      if (row) rows.push(row);
    }
  } catch (err) {
    problems.push(err instanceof NotUtf8 ? notUtf8(err.line) : unreadableCsv(err, parsedUpTo + 1));
  }
  if (header === null && problems.length === 0)
    problems.push({ line: 1, detail: ": the file is empty; it needs the header row of the answers export" });
  return rows;
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

function readRow(
  header: readonly string[],
  record: readonly string[],
  line: number,
  problems: ImportProblem[],
  shared: (value: string) => string,
): Row | null {
  if (record.length !== header.length) {
    problems.push({ line, detail: `: has ${record.length} cells where the header has ${header.length}` });
    return null;
  }
  const draft: AnswerDraft = emptyDraft();
  let ok = true;
  for (const column of ANSWER_COLUMNS) {
    const at = header.indexOf(column.name);
    if (at === -1 && column.optional) continue;
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
    record: {
      ...read,
      workspaceId: shared(read.workspaceId),
      channelId: shared(read.channelId),
      round: shared(read.round),
      userId: shared(read.userId),
    },
    answer: storedAnswer(
      CRITERION_IDS.filter((id) => met.has(id)),
      notApplicable,
    ),
  };
}

/** One string for every copy of a value read (the strings of a parsed file are each their own). */
function sharedStrings(): (value: string) => string {
  const strings = new Map<string, string>();
  return (value) => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  };
}

const pairKey = (workspaceId: string, channelId: string) => `${workspaceId}/${channelId}`;

async function teamsOf(ctx: ServiceContext, rows: readonly Row[]): Promise<Map<string, MlTeam>> {
  const pairs = new Map(
    rows.map(({ record: r }) => [
      pairKey(r.workspaceId, r.channelId),
      { teamId: r.workspaceId, channelId: r.channelId },
    ]),
  );
  const teams = await teamsInChannels(ctx.db, [...pairs.values()]);
  return new Map(teams.map((t) => [pairKey(t.team_id, t.channel_id), t]));
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

function findRepeats(rows: readonly Row[], problems: ImportProblem[]): void {
  const seen = new Map<string, number>();
  for (const { line, record: r } of rows) {
    const key = `${pairKey(r.workspaceId, r.channelId)}/${r.round}/${r.userId}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else
      problems.push({
        line,
        detail: `: ${r.userId} already has an answer for the round of ${r.round} on line ${first}`,
      });
  }
}

async function write(
  ctx: ServiceContext,
  rows: readonly Row[],
  teams: ReadonlyMap<string, MlTeam>,
  now: Date,
): Promise<ImportOutcome> {
  const teamOf = ({ record: r }: Row) => teams.get(pairKey(r.workspaceId, r.channelId)) as MlTeam;
  const rounds = new Map<string, { mlTeamId: number; teamId: string; period: string; team: MlTeam }>();
  for (const row of rows) {
    const team = teamOf(row);
    const period = row.record.round;
    rounds.set(`${team.id}:${period}`, { mlTeamId: team.id, teamId: team.team_id, period, team });
  }
  const closed = [...rounds.values()].filter((r) => r.period < periodAt(scheduleOf(r.team), now));
  const { inserted, reevaluated } = await ctx.db.transaction().execute(async (trx) => {
    let inserted = 0;
    // Built a chunk at a time, so that the file's answers are not held twice.
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const chunk = rows.slice(i, i + WRITE_CHUNK).map((row) => {
        const { record: r, answer } = row;
        const team = teamOf(row);
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
      inserted += await upsertAnswers(trx, chunk, now);
    }
    await saveRoles(trx, latestRoles(rows, teams), now);
    const reevaluated = await reevaluateClosedRounds(
      trx,
      closed.map((r) => ({ mlTeamId: r.mlTeamId, teamId: r.teamId, period: r.period })),
      now,
    );
    return { inserted, reevaluated };
  });
  return {
    kind: "imported",
    teams: new Set([...rounds.values()].map((r) => r.mlTeamId)).size,
    rounds: rounds.size,
    answers: rows.length,
    replaced: rows.length - inserted,
    reevaluated,
  };
}

const WRITE_CHUNK = 1_000;

/** Each person's role as of their latest round in the file that names one. */
function latestRoles(rows: readonly Row[], teams: ReadonlyMap<string, MlTeam>) {
  const roles = new Map<string, { teamId: string; userId: string; role: Role; round: string }>();
  for (const { record: r } of rows) {
    const teamId = teams.get(pairKey(r.workspaceId, r.channelId))?.team_id;
    if (!teamId || r.role === null) continue;
    const key = `${teamId}/${r.userId}`;
    const known = roles.get(key);
    if (!known || r.round >= known.round)
      roles.set(key, { teamId, userId: r.userId, role: r.role, round: r.round });
  }
  return [...roles.values()].map(({ teamId, userId, role }) => ({ teamId, userId, role }));
}
