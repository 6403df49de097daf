// The history export: every answer (one row per respondent per round) or every closed round's result (one row per
// team per round), as CSV or JSON Lines, streamed page by page so that memory stays bounded whatever the size.
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { linksOfTeam, signalsOf } from "../db/evidence.js";
import { answerPage, type ExportScope, type ExportTeam, exportTeams, snapshotPage } from "../db/export.js";
import { groupNamesOf } from "../db/groups.js";
import { loadMlflowSources } from "../db/mlflow.js";
import { evidenceFor, practicesBehind } from "../domain/evidence.js";
import {
  ANSWER_COLUMNS,
  type AnswerRecord,
  type Cell,
  type Column,
  cells,
  EVIDENCE_COLUMNS,
  type EvidenceRecord,
  fields,
  formulaSafe,
  LEVEL_COLUMNS,
  type LevelRecord,
} from "../domain/export-columns.js";
import { exemptionsOf, respondentAnswer } from "../domain/not-applicable.js";
import { isCriterionId, type Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";
import { teamLinksOf } from "./team-evidence.js";

export type ExportKind = "answers" | "levels" | "evidence";
export type ExportFormat = "csv" | "json";

export interface ExportRequest extends ExportScope {
  readonly kind: ExportKind;
  readonly format: ExportFormat;
}

// Small enough to keep memory flat, large enough that a team's whole history is usually one read.
const PAGE = 2_000;

/** The export as a stream of text (header first for CSV), ready to pipe to a file, stdout or an upload. */
export function exportStream(ctx: ServiceContext, request: ExportRequest): Readable {
  const { rows, columns } = KINDS[request.kind](ctx, request);
  // Notes, reasons, team names and evidence URLs are other people's text: a spreadsheet must not run them.
  const csvCells = (row: unknown) => cells(columns, row).map(formulaSafe);
  const source = Readable.from(
    (async function* () {
      for await (const row of rows) yield request.format === "csv" ? csvCells(row) : fields(columns, row);
    })(),
  );
  if (request.format === "json") {
    return source.map((record: Record<string, Cell>) => `${JSON.stringify(record)}\n`);
  }
  const csv = stringify({ header: true, columns: columns.map((c) => c.name), cast: { number: String } });
  source.on("error", (err) => csv.destroy(err));
  return source.pipe(csv);
}

type Rows = (
  ctx: ServiceContext,
  request: ExportRequest,
) => { rows: AsyncIterable<unknown>; columns: readonly Column<unknown>[] };

const KINDS: Record<ExportKind, Rows> = {
  answers: (ctx, r) => ({ rows: answerRows(ctx, r), columns: ANSWER_COLUMNS as readonly Column<unknown>[] }),
  levels: (ctx, r) => ({ rows: levelRows(ctx, r), columns: LEVEL_COLUMNS as readonly Column<unknown>[] }),
  evidence: (ctx, r) => ({
    rows: evidenceRows(ctx, r),
    columns: EVIDENCE_COLUMNS as readonly Column<unknown>[],
  }),
};

/**
 * Every stored signal of each team's links (oldest first), once per practice it stands behind for the team
 * today (practicesBehind), or once with no practice; --since/--until bound the day it happened (UTC). A file
 * check that found nothing is left out: with neither path nor link its row would say nothing (five per
 * repository where no scoring-script path is given).
 */
async function* evidenceRows(ctx: ServiceContext, scope: ExportScope): AsyncGenerator<EvidenceRecord> {
  const now = ctx.clock();
  for (const team of await exportTeams(ctx.db, scope)) {
    const links = await linksOfTeam(ctx.db, team.id);
    if (links.length === 0) continue;
    const subjects = links.map((l) => ({ kind: l.subject_kind, subject: l.subject }));
    const since = new Date(`${scope.since ?? "1970-01-01"}T00:00:00Z`);
    const [signals, sources] = await Promise.all([
      signalsOf(ctx.db, team.team_id, subjects, since),
      loadMlflowSources(ctx.db, team.team_id),
    ]);
    const teamLinks = teamLinksOf(links, sources);
    const verdicts = evidenceFor(signals, teamLinks, now);
    for (const s of signals) {
      if (scope.until && s.occurredAt.toISOString().slice(0, 10) > scope.until) continue;
      if (s.kind === "file" && s.facts.present === false) continue;
      const base = {
        workspaceId: team.team_id,
        channelId: team.channel_id,
        source: s.source,
        kind: s.kind,
        occurredAt: s.occurredAt,
        url: s.url,
      };
      const behind = practicesBehind(s, teamLinks, verdicts, now);
      if (behind.length === 0) yield { ...base, criterion: null, verdict: null };
      for (const b of behind) yield { ...base, ...b };
    }
  }
}

async function* answerRows(ctx: ServiceContext, scope: ExportScope): AsyncGenerator<AnswerRecord> {
  for (const team of await exportTeams(ctx.db, scope)) {
    let after: { period: string; userId: string } | null = null;
    for (;;) {
      const page = await answerPage(ctx.db, team, scope, after, PAGE);
      for (const a of page) yield answerRecord(team, a);
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      after = { period: last.period, userId: last.user_id };
    }
  }
}

function answerRecord(team: ExportTeam, a: Awaited<ReturnType<typeof answerPage>>[number]): AnswerRecord {
  return {
    workspaceId: team.team_id,
    channelId: team.channel_id,
    round: a.period,
    userId: a.user_id,
    role: a.role,
    ...respondentAnswer({ met: a.met, notApplicable: a.not_applicable }),
    note: a.note,
    confirmedUnchanged: a.confirmed_unchanged === true,
  };
}

async function* levelRows(ctx: ServiceContext, scope: ExportScope): AsyncGenerator<LevelRecord> {
  const teams = await exportTeams(ctx.db, scope);
  const groupsOf = await groupNamesOf(
    ctx.db,
    teams.map((t) => t.id),
  );
  for (const team of teams) {
    const groups = groupsOf.get(team.id) ?? [];
    let after: string | null = null;
    for (;;) {
      const page = await snapshotPage(ctx.db, team, scope, after, PAGE);
      for (const s of page) {
        yield {
          workspaceId: team.team_id,
          channelId: team.channel_id,
          teamName: team.name,
          round: s.period,
          level: s.level === null ? null : (s.level as Level),
          met: s.met.filter(isCriterionId),
          respondents: s.expected,
          answered: s.answered,
          disputed: s.disputed.filter(isCriterionId),
          notApplicable: [...exemptionsOf(s.not_applicable).keys()],
          groups,
        };
      }
      const last = page.at(-1);
      if (page.length < PAGE || !last) break;
      after = last.period;
    }
  }
}
