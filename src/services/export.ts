// The history export: every answer (one row per respondent per round) or every closed round's result (one row per
// team per round), as CSV or JSON Lines, streamed page by page so that memory stays bounded whatever the size.
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { answerPage, type ExportScope, type ExportTeam, exportTeams, snapshotPage } from "../db/export.js";
import { groupNamesOf } from "../db/groups.js";
import {
  ANSWER_COLUMNS,
  type AnswerRecord,
  type Cell,
  type Column,
  cells,
  fields,
  LEVEL_COLUMNS,
  type LevelRecord,
} from "../domain/export-columns.js";
import { exemptionsOf, respondentAnswer } from "../domain/not-applicable.js";
import { isCriterionId, type Level } from "../domain/rubric.js";
import type { ServiceContext } from "./context.js";

export type ExportKind = "answers" | "levels";
export type ExportFormat = "csv" | "json";

export interface ExportRequest extends ExportScope {
  readonly kind: ExportKind;
  readonly format: ExportFormat;
}

// Small enough to keep memory flat, large enough that a team's whole history is usually one read.
const PAGE = 2_000;

/** The export as a stream of text (header first for CSV), ready to pipe to a file, stdout or an upload. */
export function exportStream(ctx: ServiceContext, request: ExportRequest): Readable {
  const rows = request.kind === "answers" ? answerRows(ctx, request) : levelRows(ctx, request);
  const columns = (request.kind === "answers" ? ANSWER_COLUMNS : LEVEL_COLUMNS) as readonly Column<unknown>[];
  const source = Readable.from(
    (async function* () {
      for await (const row of rows)
        yield request.format === "csv" ? cells(columns, row) : fields(columns, row);
    })(),
  );
  if (request.format === "json") {
    return source.map((record: Record<string, Cell>) => `${JSON.stringify(record)}\n`);
  }
  const csv = stringify({ header: true, columns: columns.map((c) => c.name), cast: { number: String } });
  source.on("error", (err) => csv.destroy(err));
  return source.pipe(csv);
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
